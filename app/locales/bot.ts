/**
 * The bot: connection automations (tabs of the connection form), ratings and automatic messages.
 * Message variables are written [[nome]] here (i18next would interpolate {{nome}}); the form turns
 * them into {{nome}} for display.
 */
export const botPtBR = {
  tabs: {
    general: 'Geral',
    messages: 'Mensagens',
    hours: 'Horários',
    inactivity: 'Inatividade',
    rating: 'Avaliação',
    routing: 'Roteamento',
    chatbot: 'Chatbot',
    hasErrors: 'Há campos a corrigir nesta aba',
  },
  sections: {
    messages: 'Mensagens automáticas',
    messagesHint:
      'Cada mensagem vazia simplesmente não é enviada. Elas aparecem na conversa como mensagens automáticas.',
    hours: 'Horário de atendimento',
    hoursHint:
      'Fora do horário o cliente recebe a mensagem abaixo, uma vez por atendimento, e o menu não é enviado.',
    vacation: 'Férias coletivas',
    vacationHint:
      'Dentro deste período só a mensagem de férias é enviada (vale mais que o horário e o menu).',
    inactivity: 'Inatividade',
    inactivityHint:
      'Conta a partir da última mensagem do atendimento. Use 0 para desligar cada etapa.',
    rating: 'Avaliação (0 a 10)',
    ratingHint:
      'Enviada depois que um atendente resolve o atendimento “com mensagem”. A resposta do cliente fica no atendimento resolvido, sem reabri-lo.',
    routing: 'Roteamento',
    routingHint: 'Para onde vão os novos atendimentos desta conexão e quando eles mudam de fila.',
    chatbot: 'Chatbot',
    chatbotHint:
      'Com o chatbot ligado o cliente recebe a saudação e o menu numerado das filas (e submenus configurados em Filas & Chatbot).',
  },
  fields: {
    greeting: 'Saudação',
    greetingHint:
      'Primeira mensagem de um atendimento novo. Com mais de uma fila, o menu numerado das filas vem logo abaixo dela.',
    greetingPlaceholder: '[[saudacao]], [[primeiro_nome]]! Bem-vindo(a) à nossa central.',
    welcomeMessage: 'Boas-vindas (primeiro contato)',
    welcomeMessageHint:
      'Usada no lugar da saudação no primeiro atendimento de um contato novo. Vazia: a saudação de sempre.',
    welcomeMessagePlaceholder:
      'Olá, [[primeiro_nome]]! É a sua primeira vez aqui, seja bem-vindo(a).',
    completionMessage: 'Mensagem de conclusão',
    completionMessageHint:
      'Enviada ao resolver o atendimento (pelo atendente com mensagem, por inatividade ou por fila de encerramento automático). A despedida pessoal do atendente, quando existe, vai no lugar dela.',
    completionMessagePlaceholder:
      'Seu atendimento [[protocolo]] foi concluído. Obrigado pelo contato, [[primeiro_nome]]!',
    variables: 'Variáveis',
    insertVariable: 'Inserir {{variable}}',
    fila: 'nome da fila do atendimento',
    atendente: 'nome do atendente',
    outOfHoursMessage: 'Mensagem fora do horário',
    outOfHoursMessageHint:
      'Enviada a quem escreve fora do horário. Obrigatória quando o horário está ligado.',
    outOfHoursMessagePlaceholder:
      'Nosso horário é de segunda a sexta, das 8h às 18h. Respondemos assim que voltarmos!',
    hoursScopeNote:
      'A empresa usa o horário de cada fila (Configurações): o horário desta conexão não é usado.',
    vacationStart: 'Início',
    vacationStartHint: 'Data e hora, no fuso da empresa.',
    vacationEnd: 'Fim',
    vacationEndHint: 'Depois deste momento tudo volta ao normal.',
    vacationMessage: 'Mensagem de férias',
    vacationMessageHint: 'Enviada uma vez por atendimento durante o período.',
    vacationMessagePlaceholder:
      'Estamos em férias coletivas até 05/01. Sua mensagem será respondida no retorno.',
    warnAfterMinutes: 'Avisar após (minutos)',
    warnAfterMinutesHint: 'Minutos sem nova mensagem até o aviso de inatividade.',
    warningMessage: 'Aviso de inatividade',
    warningMessageHint: 'Obrigatório quando o aviso está ligado.',
    warningMessagePlaceholder:
      '[[primeiro_nome]], ainda está por aí? Se não responder, vamos encerrar este atendimento.',
    closeAfterMinutes: 'Encerrar após mais (minutos)',
    closeAfterMinutesHint:
      'Minutos depois do aviso (ou da última mensagem, sem aviso) até encerrar.',
    closingMessage: 'Mensagem de encerramento por inatividade',
    closingMessageHint: 'Enviada ao encerrar; a mensagem de conclusão vem em seguida.',
    closingMessagePlaceholder: 'Como não tivemos resposta, encerramos este atendimento.',
    onlyWhenLastIsOurs: 'Só quando a última mensagem for nossa',
    onlyWhenLastIsOursHint:
      'Não avisa nem encerra enquanto o cliente tiver a última palavra (ele está esperando a equipe).',
    ratingEnabled: 'Pedir avaliação',
    ratingEnabledHint: 'Depois de resolver, pergunta ao cliente uma nota de 0 a 10.',
    ratingQuestion: 'Pergunta',
    ratingQuestionHint: 'Obrigatória com a avaliação ligada.',
    ratingQuestionPlaceholder:
      'De 0 a 10, o quanto você recomendaria nosso atendimento? Responda só com o número.',
    ratingRetry: 'Resposta inválida',
    ratingRetryHint:
      'Enviada uma única vez se a resposta não for uma nota (aceitamos “9”, “nota 9”, “9/10”). Vazia: repete a pergunta.',
    ratingRetryPlaceholder: 'Não entendi 😅 Responda com um número de 0 a 10.',
    ratingThanks: 'Agradecimento',
    ratingThanksHint: 'Enviado quando a nota chega.',
    ratingThanksPlaceholder: 'Obrigado pela avaliação, [[primeiro_nome]]!',
    maxPerPeriod: 'Máximo de pedidos por cliente',
    maxPerPeriodHint: 'Quantas vezes o mesmo cliente recebe a pergunta no período. 0 = sem limite.',
    periodDays: 'Período (dias)',
    periodDaysHint: 'Janela usada pelo limite acima.',
    timeoutMinutes: 'Esperar a nota por (minutos)',
    timeoutMinutesHint:
      'Depois disso o pedido expira e a próxima mensagem abre um atendimento novo. 0 = sem prazo.',
    queue: 'Fila dos novos atendimentos',
    queueHint:
      'Com uma fila aqui, o atendimento já nasce nela e o menu de filas não é enviado (só a saudação da fila e seu submenu).',
    redirectAfterMinutes: 'Redirecionar após (minutos)',
    redirectAfterMinutesHint:
      'Um atendimento ainda aguardando, sem atendente, depois deste tempo vai para a fila escolhida. 0 = nunca.',
    redirectQueueId: 'Redirecionar para a fila',
    redirectQueueIdHint: 'Obrigatória quando há tempo de redirecionamento.',
    reopenWindowMinutes: 'Reabrir se o cliente voltar em até (minutos)',
    reopenWindowMinutesHint:
      'Vazio: usa a regra da empresa (Configurações). 0: sempre abre um atendimento novo.',
    chatbotEnabled: 'Chatbot ligado',
    chatbotEnabledHint:
      'Desligado: nenhuma saudação nem menu; as outras automações (horário, inatividade, avaliação) seguem valendo.',
    invalidOptionMessage: 'Resposta a opção inválida',
    invalidOptionMessageHint:
      'Vai junto com o menu de novo quando a resposta não é uma das opções.',
    invalidOptionMessagePlaceholder:
      'Opção inválida. Responda apenas com o número de uma das opções:',
    maxMenuSends: 'Reenvios do menu por atendimento',
    maxMenuSendsHint:
      'Depois disso o robô para de responder e o atendimento fica para a equipe (evita loops).',
    cooldownSeconds: 'Intervalo entre respostas a opção inválida (segundos)',
    cooldownSecondsHint: 'Respostas inválidas dentro deste intervalo ficam sem resposta.',
    humanMinIntervalMs: 'Resposta mais rápida que um humano (ms)',
    humanMinIntervalMsHint:
      'Uma resposta que chega antes disso depois do robô é de outro robô: o chatbot para e passa para a equipe. 0 = desligado.',
  },
  automatic: 'Mensagem automática',
  closeDialog: {
    withMessage: 'Enviar mensagens de encerramento',
    withFarewellHint:
      'Sua mensagem de despedida e, se a conexão pedir, a avaliação. Desmarque para resolver sem mensagem.',
    withMessageHint:
      'A mensagem de conclusão da conexão e, se ligada, a avaliação (você não tem despedida própria: configure em Meu perfil). Desmarque para resolver sem mensagem.',
  },
  automations: {
    greeting: 'Saudação',
    menu: 'Menu',
    queue_greeting: 'Saudação da fila',
    option: 'Opção do menu',
    invalid_option: 'Opção inválida',
    out_of_hours: 'Fora do horário',
    vacation: 'Férias coletivas',
    inactivity_warning: 'Aviso de inatividade',
    inactivity_close: 'Encerramento por inatividade',
    completion: 'Conclusão',
    rating: 'Pedido de avaliação',
    rating_retry: 'Avaliação inválida',
    rating_thanks: 'Agradecimento da avaliação',
  },
  rating: {
    title: 'Avaliação',
    score: 'Nota {{score}} de 10',
    pending: 'Aguardando a nota do cliente',
    expired: 'O cliente não avaliou',
    promoter: 'Promotor',
    passive: 'Neutro',
    detractor: 'Detrator',
  },
  settings: {
    title: 'Chatbot e filas',
    hideQueueless: 'Esconder dos atendentes os atendimentos sem fila',
    hideQueuelessHint:
      'Ligado: só administradores (e quem vê todos os atendimentos) veem quem ainda não escolheu uma fila.',
    hoursScope: 'Horário de atendimento usado pelo robô',
    hoursScopeHint:
      'Da conexão: vale o horário da aba Horários de cada conexão. Da fila: vale o horário da fila em que o cliente entra.',
    hoursScopes: { connection: 'Da conexão', queue: 'Da fila' },
    assignOffline: 'O robô pode entregar a atendentes offline',
    assignOfflineHint:
      'Desligado: uma opção do menu que leva a um atendente só o atribui se ele estiver online e no expediente; senão o atendimento espera na fila.',
  },
}

export const botEn: typeof botPtBR = {
  tabs: {
    general: 'General',
    messages: 'Messages',
    hours: 'Hours',
    inactivity: 'Inactivity',
    rating: 'Rating',
    routing: 'Routing',
    chatbot: 'Chatbot',
    hasErrors: 'Some fields on this tab need fixing',
  },
  sections: {
    messages: 'Automatic messages',
    messagesHint:
      'An empty message is simply not sent. They show in the conversation as automatic messages.',
    hours: 'Business hours',
    hoursHint:
      'Out of hours the customer gets the message below, once per ticket, and no menu is sent.',
    vacation: 'Collective vacation',
    vacationHint:
      'Within this period only the vacation message is sent (it overrides hours and menu).',
    inactivity: 'Inactivity',
    inactivityHint: 'Counted from the last message of the ticket. Use 0 to turn a step off.',
    rating: 'Rating (0 to 10)',
    ratingHint:
      'Sent after an agent closes the ticket “with message”. The answer stays in the closed ticket without reopening it.',
    routing: 'Routing',
    routingHint: 'Where new tickets of this connection go and when they change queue.',
    chatbot: 'Chatbot',
    chatbotHint:
      'With the chatbot on the customer gets the greeting and the numbered queue menu (and the submenus set up in Queues & Chatbot).',
  },
  fields: {
    greeting: 'Greeting',
    greetingHint:
      'First message of a new ticket. With more than one queue, the numbered queue menu follows it.',
    greetingPlaceholder: '[[saudacao]], [[primeiro_nome]]! Welcome to our help desk.',
    welcomeMessage: 'Welcome (first contact)',
    welcomeMessageHint:
      'Used instead of the greeting on a new contact’s first ticket. Empty: the usual greeting.',
    welcomeMessagePlaceholder: 'Hi [[primeiro_nome]]! First time here? Welcome.',
    completionMessage: 'Completion message',
    completionMessageHint:
      'Sent when the ticket is closed (by an agent with message, by inactivity or by an auto-close queue). The agent’s own farewell, when set, replaces it.',
    completionMessagePlaceholder:
      'Your ticket [[protocolo]] is complete. Thanks for reaching out, [[primeiro_nome]]!',
    variables: 'Variables',
    insertVariable: 'Insert {{variable}}',
    fila: 'the ticket’s queue name',
    atendente: 'the agent’s name',
    outOfHoursMessage: 'Out-of-hours message',
    outOfHoursMessageHint: 'Sent to whoever writes out of hours. Required when hours are on.',
    outOfHoursMessagePlaceholder:
      'We are open Monday to Friday, 8am to 6pm. We will answer as soon as we are back!',
    hoursScopeNote:
      'The company uses each queue’s hours (Settings): this connection’s hours are not used.',
    vacationStart: 'Start',
    vacationStartHint: 'Date and time, in the company’s time zone.',
    vacationEnd: 'End',
    vacationEndHint: 'After this moment everything is back to normal.',
    vacationMessage: 'Vacation message',
    vacationMessageHint: 'Sent once per ticket during the period.',
    vacationMessagePlaceholder:
      'We are on collective vacation until Jan 5. We will answer when we are back.',
    warnAfterMinutes: 'Warn after (minutes)',
    warnAfterMinutesHint: 'Minutes without a new message before the inactivity warning.',
    warningMessage: 'Inactivity warning',
    warningMessageHint: 'Required when the warning is on.',
    warningMessagePlaceholder:
      '[[primeiro_nome]], are you still there? Without an answer we will close this ticket.',
    closeAfterMinutes: 'Close after another (minutes)',
    closeAfterMinutesHint:
      'Minutes after the warning (or the last message, without one) until closing.',
    closingMessage: 'Closing-for-inactivity message',
    closingMessageHint: 'Sent when closing; the completion message follows.',
    closingMessagePlaceholder: 'As we got no answer, we closed this ticket.',
    onlyWhenLastIsOurs: 'Only when the last message is ours',
    onlyWhenLastIsOursHint:
      'No warning or close while the customer has the last word (they are waiting for the team).',
    ratingEnabled: 'Ask for a rating',
    ratingEnabledHint: 'After closing, asks the customer for a 0–10 score.',
    ratingQuestion: 'Question',
    ratingQuestionHint: 'Required when the rating is on.',
    ratingQuestionPlaceholder:
      'From 0 to 10, how likely are you to recommend our service? Answer with the number only.',
    ratingRetry: 'Invalid answer',
    ratingRetryHint:
      'Sent once if the answer is not a score (we accept “9”, “nota 9”, “9/10”). Empty: the question again.',
    ratingRetryPlaceholder: 'Sorry, I did not get that 😅 Answer with a number from 0 to 10.',
    ratingThanks: 'Thank-you',
    ratingThanksHint: 'Sent when the score arrives.',
    ratingThanksPlaceholder: 'Thanks for your rating, [[primeiro_nome]]!',
    maxPerPeriod: 'Max requests per customer',
    maxPerPeriodHint:
      'How many times the same customer gets the question in the period. 0 = no limit.',
    periodDays: 'Period (days)',
    periodDaysHint: 'Window of the limit above.',
    timeoutMinutes: 'Wait for the score (minutes)',
    timeoutMinutesHint:
      'Then the request expires and the next message opens a new ticket. 0 = no limit.',
    queue: 'Queue of new tickets',
    queueHint:
      'With a queue here, tickets start in it and no queue menu is sent (only the queue’s greeting and submenu).',
    redirectAfterMinutes: 'Redirect after (minutes)',
    redirectAfterMinutesHint:
      'A ticket still waiting, without an agent, goes to the chosen queue after this time. 0 = never.',
    redirectQueueId: 'Redirect to queue',
    redirectQueueIdHint: 'Required when a redirect time is set.',
    reopenWindowMinutes: 'Reopen if the customer returns within (minutes)',
    reopenWindowMinutesHint: 'Empty: the company rule (Settings). 0: always a new ticket.',
    chatbotEnabled: 'Chatbot on',
    chatbotEnabledHint:
      'Off: no greeting and no menu; the other automations (hours, inactivity, rating) still apply.',
    invalidOptionMessage: 'Reply to an invalid option',
    invalidOptionMessageHint: 'Sent with the menu again when the answer is not one of the options.',
    invalidOptionMessagePlaceholder:
      'Invalid option. Answer with the number of one of the options:',
    maxMenuSends: 'Menu re-sends per ticket',
    maxMenuSendsHint:
      'After that the bot stops answering and the ticket is left to the team (no loops).',
    cooldownSeconds: 'Interval between invalid-option replies (seconds)',
    cooldownSecondsHint: 'Invalid answers within this interval get no reply.',
    humanMinIntervalMs: 'Faster than a human (ms)',
    humanMinIntervalMsHint:
      'An answer arriving sooner than this after the bot’s message comes from another bot: the chatbot stops and hands over. 0 = off.',
  },
  automatic: 'Automatic message',
  closeDialog: {
    withMessage: 'Send closing messages',
    withFarewellHint:
      'Your farewell message and, if the connection asks for it, the rating. Untick to resolve without a message.',
    withMessageHint:
      'The connection’s completion message and, when on, the rating (you have no farewell of your own: set it in My profile). Untick to resolve without a message.',
  },
  automations: {
    greeting: 'Greeting',
    menu: 'Menu',
    queue_greeting: 'Queue greeting',
    option: 'Menu option',
    invalid_option: 'Invalid option',
    out_of_hours: 'Out of hours',
    vacation: 'Collective vacation',
    inactivity_warning: 'Inactivity warning',
    inactivity_close: 'Closed for inactivity',
    completion: 'Completion',
    rating: 'Rating request',
    rating_retry: 'Invalid rating',
    rating_thanks: 'Rating thank-you',
  },
  rating: {
    title: 'Rating',
    score: 'Score {{score}} of 10',
    pending: 'Waiting for the customer’s score',
    expired: 'The customer did not rate',
    promoter: 'Promoter',
    passive: 'Passive',
    detractor: 'Detractor',
  },
  settings: {
    title: 'Chatbot and queues',
    hideQueueless: 'Hide tickets without a queue from agents',
    hideQueuelessHint:
      'On: only admins (and users who see every ticket) see customers who have not chosen a queue yet.',
    hoursScope: 'Business hours the bot uses',
    hoursScopeHint:
      'Connection: each connection’s Hours tab. Queue: the hours of the queue the customer enters.',
    hoursScopes: { connection: 'Connection', queue: 'Queue' },
    assignOffline: 'The bot may hand tickets to offline agents',
    assignOfflineHint:
      'Off: a menu option leading to an agent assigns them only when online and within work hours; otherwise the ticket waits in the queue.',
  },
}
