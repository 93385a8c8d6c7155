package io.creatorgov.kit.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import io.creatorgov.kit.error.ErrorDetails;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Proves that a service produces every error its contract documents: for each documented (RPC,
 * code, reason) the test names a call that must fail with exactly that code and reason, and with
 * the details the comment promises. A documented error without a call fails (the catalogue must
 * grow with the contract); a call for an error the contract does not document fails too.
 *
 * <p>What every error must carry, whatever its comment says: an {@code ErrorInfo} with the reason,
 * and for INVALID_ARGUMENT a {@code BadRequest} naming at least one field.
 */
public final class ErrorConformance {

  /** A call that should fail. */
  @FunctionalInterface
  public interface Call {
    void run() throws Exception;
  }

  private final String service;
  private List<DocumentedError> documented;
  private final Map<String, Call> calls = new LinkedHashMap<>();
  private final Map<String, Function<String, Call>> everyRpc = new LinkedHashMap<>();

  private ErrorConformance(String service) {
    this.service = service;
    this.documented = DocumentedErrors.of(service);
    if (documented.isEmpty()) {
      throw new IllegalStateException("no documented errors for " + service);
    }
  }

  /**
   * The catalogue of {@code serviceFullName}, e.g. {@code creatorgov.creator.v1.CreatorService}.
   */
  public static ErrorConformance of(String serviceFullName) {
    return new ErrorConformance(serviceFullName);
  }

  /**
   * Only the errors of {@code rpcs}: for a service whose RPCs are implemented one by one, the
   * catalogue covers the implemented ones (an unimplemented RPC answers UNIMPLEMENTED, which no
   * comment documents). Every name must be an RPC of the service.
   */
  public ErrorConformance forRpcs(java.util.Collection<String> rpcs) {
    Set<String> known = documented.stream().map(DocumentedError::rpc).collect(Collectors.toSet());
    List<String> unknown = rpcs.stream().filter(r -> !known.contains(r)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(service + " documents no errors for " + unknown);
    }
    documented = documented.stream().filter(e -> rpcs.contains(e.rpc())).toList();
    return this;
  }

  public List<DocumentedError> documented() {
    return documented;
  }

  /**
   * The call that produces {@code codeAndReason} (as {@code INVALID_ARGUMENT/UNKNOWN_MARKET}) on
   * {@code rpc}.
   */
  public ErrorConformance on(String rpc, String codeAndReason, Call call) {
    String key = rpc + " " + codeAndReason;
    if (calls.putIfAbsent(key, call) != null) {
      throw new IllegalArgumentException("two calls for " + key);
    }
    return this;
  }

  /**
   * How to produce {@code codeAndReason} on any RPC that documents it (authentication failures,
   * say); a call given with {@link #on} for one RPC wins.
   */
  public ErrorConformance onEveryRpc(String codeAndReason, Function<String, Call> call) {
    everyRpc.put(codeAndReason, call);
    return this;
  }

  /** One test per documented error, then one proving the catalogue names nothing undocumented. */
  public Stream<DynamicTest> tests() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DocumentedError error : documented) {
      tests.add(DynamicTest.dynamicTest(error.key(), () -> prove(error)));
    }
    tests.add(
        DynamicTest.dynamicTest("the catalogue names only documented errors", this::noExtraCalls));
    return tests.stream();
  }

  private void prove(DocumentedError error) throws Exception {
    Call call = calls.get(error.key());
    if (call == null) {
      Function<String, Call> generic = everyRpc.get(error.code() + "/" + error.wireReason());
      call = generic == null ? null : generic.apply(error.rpc());
    }
    if (call == null) {
      fail(
          "%s documents %s but the conformance catalogue has no call that produces it",
          service, error.key());
    }
    Throwable thrown = null;
    try {
      call.run();
    } catch (Throwable t) {
      thrown = t;
    }
    if (thrown == null) {
      fail("%s: the call succeeded, expected %s", error.key(), error.wireReason());
    }
    assertConforms(thrown, error);
  }

  private void noExtraCalls() {
    Set<String> keys = documented.stream().map(DocumentedError::key).collect(Collectors.toSet());
    assertThat(calls.keySet())
        .as("calls for errors %s does not document", service)
        .allMatch(keys::contains);
    Set<String> reasons =
        documented.stream().map(e -> e.code() + "/" + e.wireReason()).collect(Collectors.toSet());
    assertThat(everyRpc.keySet()).allMatch(reasons::contains);
  }

  /** Asserts that {@code thrown} is exactly the documented error, with its promised details. */
  public static void assertConforms(Throwable thrown, DocumentedError error) {
    if (!(thrown instanceof StatusRuntimeException)) {
      throw new AssertionError(error.key() + ": expected a gRPC error, got " + thrown, thrown);
    }
    ErrorDetails details = ErrorDetails.of(thrown);
    assertThat(details.code())
        .as("%s: code (message: %s)", error.key(), details.message())
        .isEqualTo(error.code());
    ErrorInfo info =
        details
            .errorInfo()
            .orElseThrow(() -> new AssertionError(error.key() + ": no ErrorInfo detail"));
    assertThat(info.getReason())
        .as("%s: ErrorInfo.reason (message: %s)", error.key(), details.message())
        .isEqualTo(error.wireReason());
    assertThat(details.message()).as("%s: message", error.key()).isNotBlank();
    error
        .metadata()
        .forEach(
            (key, value) -> {
              assertThat(info.getMetadataMap())
                  .as("%s: ErrorInfo.metadata promises `%s`", error.key(), key)
                  .containsKey(key);
              if (!value.isEmpty()) {
                assertThat(info.getMetadataMap()).containsEntry(key, value);
              }
            });
    if (error.code() == io.grpc.Status.Code.INVALID_ARGUMENT) {
      BadRequest bad =
          details
              .badRequest()
              .orElseThrow(
                  () -> new AssertionError(error.key() + ": INVALID_ARGUMENT without BadRequest"));
      assertThat(bad.getFieldViolationsList())
          .as("%s: BadRequest names the field", error.key())
          .isNotEmpty()
          .allSatisfy(v -> assertThat(v.getField()).isNotBlank());
    }
    if (error.preconditionFailure()) {
      PreconditionFailure failure =
          details
              .preconditionFailure()
              .orElseThrow(
                  () -> new AssertionError(error.key() + ": promised PreconditionFailure missing"));
      assertThat(failure.getViolationsList()).as("%s: violations", error.key()).isNotEmpty();
      if (!error.preconditionType().isEmpty()) {
        assertThat(failure.getViolationsList())
            .as("%s: a violation of type %s", error.key(), error.preconditionType())
            .anyMatch(v -> v.getType().equals(error.preconditionType()));
      }
    }
  }
}
