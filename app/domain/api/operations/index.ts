import { type ApiOperation } from '../contract.ts'
import { messageOperations } from './messages.ts'
import { resourceOperations } from './resources.ts'

/** Every operation of the HTTP API: routes, the OpenAPI document and the docs page read this. */
export const API_OPERATIONS: readonly ApiOperation[] = [...messageOperations, ...resourceOperations]

export { messageOperations, resourceOperations }
