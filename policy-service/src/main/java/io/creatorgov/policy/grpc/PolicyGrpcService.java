package io.creatorgov.policy.grpc;

import static io.creatorgov.policy.grpc.PolicyProtoMapper.command;
import static io.creatorgov.policy.grpc.PolicyProtoMapper.idempotent;
import static io.creatorgov.policy.grpc.PolicyProtoMapper.query;

import io.creatorgov.kit.auth.Callers;
import io.creatorgov.policy.service.PolicyAuthoring;
import io.creatorgov.policy.service.PolicyChangeFeed;
import io.creatorgov.policy.service.PolicyPublication;
import io.creatorgov.policy.service.PolicyQueries;
import io.creatorgov.policy.service.PolicyRetirement;
import io.creatorgov.policy.service.PolicyVersionDrafts;
import io.creatorgov.policy.v1.*;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * The gRPC face of policy-service: takes the verified caller from the call, maps the request to a
 * use case's command or query ({@link PolicyProtoMapper}) and its result to the response. Roles per
 * RPC are declared in {@link PolicyAccessRules}; errors leave through the kit's exception handler
 * as canonical statuses with details.
 */
@GrpcService
public class PolicyGrpcService implements PolicyService {

  private final PolicyAuthoring authoring;
  private final PolicyVersionDrafts drafts;
  private final PolicyPublication publication;
  private final PolicyRetirement retirement;
  private final PolicyQueries queries;
  private final PolicyChangeFeed feed;

  public PolicyGrpcService(
      PolicyAuthoring authoring,
      PolicyVersionDrafts drafts,
      PolicyPublication publication,
      PolicyRetirement retirement,
      PolicyQueries queries,
      PolicyChangeFeed feed) {
    this.authoring = authoring;
    this.drafts = drafts;
    this.publication = publication;
    this.retirement = retirement;
    this.queries = queries;
    this.feed = feed;
  }

  @Override
  public Uni<CreatePolicyResponse> createPolicy(CreatePolicyRequest request) {
    var caller = Callers.current();
    return defer(() -> authoring.createPolicy(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<GetPolicyResponse> getPolicy(GetPolicyRequest request) {
    return defer(
        () -> queries.getPolicy(request.getPolicyKey()).map(PolicyProtoMapper::getPolicyResponse));
  }

  @Override
  public Uni<ListPoliciesResponse> listPolicies(ListPoliciesRequest request) {
    return defer(
        () -> queries.listPolicies(query(request)).map(PolicyProtoMapper::listPoliciesResponse));
  }

  @Override
  public Uni<UpdatePolicyResponse> updatePolicy(UpdatePolicyRequest request) {
    var caller = Callers.current();
    return defer(() -> authoring.updatePolicy(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<CreatePolicyVersionResponse> createPolicyVersion(CreatePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> drafts.createVersion(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<GetPolicyVersionResponse> getPolicyVersion(GetPolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .getVersion(caller, request.getPolicyKey(), request.getVersion(), request.getView())
                .map(PolicyProtoMapper::getPolicyVersionResponse));
  }

  @Override
  public Uni<ListPolicyVersionsResponse> listPolicyVersions(ListPolicyVersionsRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries
                .listVersions(caller, query(request))
                .map(PolicyProtoMapper::listPolicyVersionsResponse));
  }

  @Override
  public Uni<UpdatePolicyVersionResponse> updatePolicyVersion(UpdatePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> drafts.updateVersion(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<ApprovePolicyVersionResponse> approvePolicyVersion(
      ApprovePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> publication.approve(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<PublishPolicyVersionResponse> publishPolicyVersion(
      PublishPolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> publication.publish(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<RetirePolicyVersionResponse> retirePolicyVersion(RetirePolicyVersionRequest request) {
    var caller = Callers.current();
    return defer(() -> retirement.retire(caller, command(request), idempotent(request)));
  }

  @Override
  public Uni<ResolvePolicyResponse> resolvePolicy(ResolvePolicyRequest request) {
    var caller = Callers.current();
    return defer(
        () ->
            queries.resolve(caller, query(request)).map(PolicyProtoMapper::resolvePolicyResponse));
  }

  @Override
  public Uni<GetMarketRulebookResponse> getMarketRulebook(GetMarketRulebookRequest request) {
    var caller = Callers.current();
    return defer(
        () -> {
          caller.requireMarket(request.getMarket());
          return queries.rulebook(query(request)).map(PolicyProtoMapper::rulebookResponse);
        });
  }

  @Override
  public Uni<DiffPolicyVersionsResponse> diffPolicyVersions(DiffPolicyVersionsRequest request) {
    var caller = Callers.current();
    return defer(() -> queries.diff(caller, query(request)).map(PolicyProtoMapper::diffResponse));
  }

  @Override
  public Multi<WatchPolicyChangesResponse> watchPolicyChanges(WatchPolicyChangesRequest request) {
    var caller = Callers.current();
    return Multi.createFrom()
        .deferred(() -> feed.watch(caller, query(request)).map(PolicyProtoMapper::watchResponse));
  }

  /** Validation errors thrown while building the pipeline become failures of the call. */
  private static <T> Uni<T> defer(Supplier<Uni<T>> call) {
    return Uni.createFrom().deferred(call::get);
  }
}
