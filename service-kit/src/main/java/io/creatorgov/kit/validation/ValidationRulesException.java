package io.creatorgov.kit.validation;

/**
 * The protovalidate rules of a message could not be compiled or evaluated: a bug in a contract or
 * in the validator, never the caller's fault. It is not an {@link
 * io.creatorgov.kit.error.ApiException}, so {@link io.creatorgov.kit.error.GrpcErrorMapper} logs it
 * at error level and answers INTERNAL with an error id.
 */
public class ValidationRulesException extends IllegalStateException {

  public ValidationRulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
