package io.creatorgov.kit.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import java.util.Optional;
import java.util.concurrent.Executor;

/** This service's service-account token, sent as a bearer token on its calls to a peer. */
public final class ServiceToken extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final String token;

  private ServiceToken(String token) {
    this.token = token;
  }

  /**
   * {@code stub} sending {@code token} on every call; {@code stub} itself when no token is
   * configured (local runs with authentication off).
   */
  public static <S extends AbstractStub<S>> S on(S stub, Optional<String> token) {
    return token
        .filter(t -> !t.isBlank())
        .map(t -> stub.withCallCredentials(new ServiceToken(t)))
        .orElse(stub);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }
}
