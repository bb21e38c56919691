export { ERROR_CODES, isErrorCode, type ErrorCode } from './codes.js';
export {
  VpcformError,
  isVpcformError,
  formatLocation,
  assertNever,
  type CloudErrorInfo,
  type Diagnostic,
  type Severity,
  type SourceLocation,
  type VpcformErrorInit,
} from './error.js';
