/** Job kinds of the bot (pure module: ingest enqueues them without importing the bot's server code). */
export const BOT_INBOUND_JOB = 'bot.inbound'
export const BOT_TIMER_JOB = 'bot.timer'
