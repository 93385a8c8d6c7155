package io.creatorgov.kit.validation;

import com.google.protobuf.Message;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.error.GrpcErrorMapper;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.List;

/**
 * Checks every request message against its protovalidate rules before the service sees it. A
 * message that breaks a rule closes the call with INVALID_ARGUMENT, built by the kit's {@link
 * GrpcErrorMapper} from {@link ApiException#invalid(List)}: {@code ErrorInfo} reason {@code
 * INVALID_ARGUMENT} and a {@code BadRequest} with every offending field by its request path,
 * exactly as a service's own checks answer. Rules that cannot be compiled or evaluated are a server
 * bug: the mapper logs them at error level and the call ends INTERNAL.
 *
 * <p>After closing, the service's listener gets {@code onCancel} once (so a streaming handler can
 * clean up) and nothing else; a unary or server-streaming method is never invoked. Non-protobuf
 * messages pass unchecked.
 */
public class ValidationInterceptor implements ServerInterceptor {

  private final RequestValidator validator;
  private final GrpcErrorMapper errors;

  public ValidationInterceptor(RequestValidator validator, GrpcErrorMapper errors) {
    this.validator = validator;
    this.errors = errors;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return new ValidatingListener<>(next.startCall(call, headers), call);
  }

  private final class ValidatingListener<ReqT, RespT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private boolean refused;

    ValidatingListener(ServerCall.Listener<ReqT> delegate, ServerCall<ReqT, RespT> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      if (refused) {
        return;
      }
      if (message instanceof Message request) {
        StatusRuntimeException refusal = check(request);
        if (refusal != null) {
          refused = true;
          try {
            call.close(
                refusal.getStatus(),
                refusal.getTrailers() != null ? refusal.getTrailers() : new Metadata());
          } catch (IllegalStateException alreadyClosed) {
            // a streaming service ended the call before this message arrived: nothing to answer
          }
          super.onCancel();
          return;
        }
      }
      super.onMessage(message);
    }

    private StatusRuntimeException check(Message request) {
      try {
        List<FieldViolation> violations = validator.violations(request);
        return violations.isEmpty()
            ? null
            : errors.toStatusRuntimeException(ApiException.invalid(violations));
      } catch (RuntimeException e) {
        // ValidationRulesException (rules that do not compile) or a validator bug: INTERNAL,
        // logged at error level with the error id returned to the caller.
        return errors.toStatusRuntimeException(e);
      }
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      if (!refused) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!refused) {
        super.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        super.onReady();
      }
    }
  }
}
