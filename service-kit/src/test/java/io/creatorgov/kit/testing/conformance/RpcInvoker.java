package io.creatorgov.kit.testing.conformance;

import com.google.protobuf.Message;
import io.creatorgov.kit.testing.BearerAuth;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Calls any RPC of a service by name with a given token (or none): for errors every RPC documents
 * alike (authentication, roles), whatever the request.
 */
public final class RpcInvoker {
  private final Channel channel;
  private final ServiceDescriptor service;

  public RpcInvoker(Channel channel, ServiceDescriptor service) {
    this.channel = channel;
    this.service = service;
  }

  /**
   * Calls {@code rpc} with an empty request and a bearer {@code authorization} token (null: none).
   */
  public void call(String rpc, String authorization) {
    MethodDescriptor<Object, Object> method = method(rpc);
    Object request = emptyRequest(method);
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    if (authorization != null) {
      options = options.withCallCredentials(BearerAuth.of(authorization));
    }
    if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
      Iterator<Object> responses =
          ClientCalls.blockingServerStreamingCall(channel, method, options, request);
      responses.hasNext();
      return;
    }
    ClientCalls.blockingUnaryCall(channel, method, options, request);
  }

  @SuppressWarnings("unchecked")
  private MethodDescriptor<Object, Object> method(String rpc) {
    String fullName = service.getName() + "/" + rpc;
    return (MethodDescriptor<Object, Object>)
        service.getMethods().stream()
            .filter(m -> m.getFullMethodName().equals(fullName))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no method " + fullName));
  }

  private static Object emptyRequest(MethodDescriptor<Object, Object> method) {
    if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
        && p.getMessagePrototype() instanceof Message prototype) {
      return prototype.getDefaultInstanceForType();
    }
    throw new IllegalStateException("not a protobuf method: " + method.getFullMethodName());
  }
}
