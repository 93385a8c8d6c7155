package io.creatorgov.policy.grpc;

import io.creatorgov.kit.auth.Callers;
import io.creatorgov.policy.service.PolicyChangeFeed;
import io.creatorgov.policy.service.PolicyCommands;
import io.creatorgov.policy.service.PolicyQueries;
import io.creatorgov.policy.v1.*;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * The gRPC face of policy-service: takes the verified caller from the call and hands the request to
 * the use cases. Roles per RPC are declared in {@link PolicyAccessRules}; errors leave through the
 * kit's exception handler as canonical statuses with details.
 */
@GrpcService
public class PolicyGrpcService implements PolicyService {

  private final PolicyCommands commands;
  private final PolicyQueries queries;
  private final PolicyChangeFeed feed;

  public PolicyGrpcService(PolicyCommands commands, PolicyQueries queries, PolicyChangeFeed feed) {
    this.commands = commands;
    this.queries = queries;
    this.feed = feed;
  }

  @Override
  public Uni<CreatePolicyResponse> createPolicy(CreatePolicyRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.createPolicy(caller, request));
  }

  @Override
  public Uni<GetPolicyResponse> getPolicy(GetPolicyRequest request) {
    return defer(() -> queries.getPolicy(request));
  }

  @Override
  public Uni<ListPoliciesResponse> listPolicies(ListPoliciesRequest request) {
    return defer(() -> queries.listPolicies(request));
  }

  @Override
  public Uni<UpdatePolicyResponse> updatePolicy(UpdatePolicyRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.updatePolicy(caller, request));
  }

  @Override
  public Uni<CreatePolicyVersionResponse> createPolicyVersion(CreatePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.createVersion(caller, request));
  }

  @Override
  public Uni<GetPolicyVersionResponse> getPolicyVersion(GetPolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.getVersion(caller, request));
  }

  @Override
  public Uni<ListPolicyVersionsResponse> listPolicyVersions(ListPolicyVersionsRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.listVersions(caller, request));
  }

  @Override
  public Uni<UpdatePolicyVersionResponse> updatePolicyVersion(UpdatePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.updateVersion(caller, request));
  }

  @Override
  public Uni<ApprovePolicyVersionResponse> approvePolicyVersion(
      ApprovePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.approve(caller, request));
  }

  @Override
  public Uni<PublishPolicyVersionResponse> publishPolicyVersion(
      PublishPolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.publish(caller, request));
  }

  @Override
  public Uni<RetirePolicyVersionResponse> retirePolicyVersion(RetirePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> commands.retire(caller, request));
  }

  @Override
  public Uni<ResolvePolicyResponse> resolvePolicy(ResolvePolicyRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.resolve(caller, request));
  }

  @Override
  public Uni<GetMarketRulebookResponse> getMarketRulebook(GetMarketRulebookRequest request) {
    var caller = Callers.current();
    return defer(
        () -> {
          caller.requireMarket(request.getMarket());
          return queries.rulebook(request);
        });
  }

  @Override
  public Uni<DiffPolicyVersionsResponse> diffPolicyVersions(DiffPolicyVersionsRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.diff(caller, request));
  }

  @Override
  public Multi<WatchPolicyChangesResponse> watchPolicyChanges(WatchPolicyChangesRequest request) {
    var caller = Callers.current();
    return Multi.createFrom().deferred(() -> feed.watch(caller, request));
  }

  /** Validation errors thrown while building the pipeline become failures of the call. */
  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
