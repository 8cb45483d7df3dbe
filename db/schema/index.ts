export * from './companies.ts'
export * from './queues.ts'
export * from './users.ts'
export * from './system.ts'
