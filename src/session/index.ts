export { openSession } from './openSession'
