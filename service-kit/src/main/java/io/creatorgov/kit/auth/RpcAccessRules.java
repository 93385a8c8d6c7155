package io.creatorgov.kit.auth;

import java.util.Map;

/**
 * Supplied by each service (a CDI bean): the role requirement of every RPC it serves, keyed by the
 * full gRPC method name ({@code creatorgov.creator.v1.CreatorService/GetCreator}). The
 * authentication interceptor is fail-closed: an RPC without a rule is refused for everyone, so a
 * new RPC cannot go live unprotected by accident.
 */
public interface RpcAccessRules {
  Map<String, AccessRule> rules();
}
