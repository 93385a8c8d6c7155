package io.creatorgov.kit.validation;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.Violation;
import build.buf.protovalidate.exceptions.ValidationException;
import com.google.protobuf.Message;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a message against the protovalidate rules of its contract ({@code (buf.validate.field)}
 * and friends in the {@code .proto} files) and reports every violation as a {@link FieldViolation}
 * with the field's path in the house syntax ({@link FieldPaths}) and protovalidate's description.
 * Every gRPC request passes through it ({@code KitValidationInterceptor}); other code (a consumer
 * of events, a batch import) can call it directly.
 *
 * <p>Create one and share it: the underlying {@link Validator} compiles the rules of a message type
 * once and caches them, so a type without rules costs next to nothing after its first message.
 * Thread-safe.
 */
public final class RequestValidator {

  private final Validator validator;

  /** A validator with protovalidate's defaults (every violation reported, not only the first). */
  public RequestValidator() {
    this(ValidatorFactory.newBuilder().build());
  }

  public RequestValidator(Validator validator) {
    this.validator = validator;
  }

  /**
   * Every rule the message breaks, in protovalidate's order; empty when it is valid.
   *
   * @throws ValidationRulesException when the rules of the message type cannot be compiled or
   *     evaluated (a server bug, not invalid input)
   */
  public List<FieldViolation> violations(Message message) {
    ValidationResult result;
    try {
      result = validator.validate(message);
    } catch (ValidationException e) {
      throw new ValidationRulesException(
          "cannot check the protovalidate rules of "
              + message.getDescriptorForType().getFullName()
              + ": "
              + e.getMessage(),
          e);
    }
    if (result.isSuccess()) {
      return List.of();
    }
    List<FieldViolation> violations = new ArrayList<>(result.getViolations().size());
    for (Violation violation : result.getViolations()) {
      build.buf.validate.Violation proto = violation.toProto();
      String description =
          proto.getMessage().isEmpty() ? "breaks rule " + proto.getRuleId() : proto.getMessage();
      violations.add(new FieldViolation(FieldPaths.of(proto.getField()), description));
    }
    return List.copyOf(violations);
  }

  /**
   * Throws INVALID_ARGUMENT listing every violation, if there is any.
   *
   * @throws ApiException INVALID_ARGUMENT ({@link ApiException#invalid(List)})
   * @throws ValidationRulesException as {@link #violations(Message)}
   */
  public void requireValid(Message message) {
    List<FieldViolation> violations = violations(message);
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }
}
