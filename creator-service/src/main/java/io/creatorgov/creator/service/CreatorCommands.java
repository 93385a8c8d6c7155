package io.creatorgov.creator.service;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.ReversalBasis;
import io.creatorgov.creator.domain.CreatorLifecycle;
import io.creatorgov.creator.domain.LifecycleState;
import io.creatorgov.creator.domain.TaxIds;
import io.creatorgov.creator.domain.TransitionCommand;
import io.creatorgov.creator.domain.TransitionOutcome;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.repository.OnboardingSubmissionRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.v1.*;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.IdempotentCommands;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.ProtoTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Creator commands: registration, onboarding, activation, status transitions and restrictions. Each
 * runs in one transaction with its history entry and feed events, is idempotent by request id,
 * serializes on the creator row (so concurrent transitions cannot interleave), and drops the
 * creator's cached capability answers after commit.
 */
@ApplicationScoped
public class CreatorCommands {
  static final Pattern HANDLE = Pattern.compile("^[a-z0-9._]{3,30}$");
  static final Pattern CATEGORY = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
  static final Set<Role> OPERATORS = EnumSet.of(Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN);

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final io.creatorgov.creator.repository.StatusHistoryRepository history;
  private final OnboardingSubmissionRepository submissions;
  private final CreatorJournal journal;
  private final Onboarding onboarding;
  private final MarketRegistry markets;
  private final CapabilityCache capabilities;

  public CreatorCommands(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      io.creatorgov.creator.repository.StatusHistoryRepository history,
      OnboardingSubmissionRepository submissions,
      CreatorJournal journal,
      Onboarding onboarding,
      MarketRegistry markets,
      CapabilityCache capabilities) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.history = history;
    this.submissions = submissions;
    this.journal = journal;
    this.onboarding = onboarding;
    this.markets = markets;
    this.capabilities = capabilities;
  }

  // ---- registration -----------------------------------------------------------------------------

  public Uni<RegisterCreatorResponse> register(CallerIdentity caller, RegisterCreatorRequest req) {
    Violations v = new Violations();
    markets.check(req.getMarket(), "market").ifPresent(f -> v.add(f.field(), f.description()));
    v.require(
        !HANDLE.matcher(req.getHandle()).matches(),
        "handle",
        "must be 3-30 characters of a-z, 0-9, '.' and '_'");
    checkText(v, req.getDisplayName(), "display_name", 1, 100);
    List<String> categories = categories(req.getCategoriesList(), v, "categories");
    if (!v.isEmpty()) {
      if (v.list().size() == 1 && v.list().get(0).field().equals("market")) {
        markets.require(req.getMarket(), "market");
      }
      v.throwIfAny();
    }
    caller.requireMarket(req.getMarket());
    return idempotent(
        "RegisterCreator",
        caller,
        req.getRequestId(),
        req,
        RegisterCreatorResponse.parser(),
        () ->
            creators
                .findByHandle(req.getMarket(), req.getHandle())
                .flatMap(
                    existing -> {
                      if (existing != null) {
                        throw ApiException.alreadyExists(
                            "creator handle", req.getMarket() + "/" + req.getHandle());
                      }
                      OffsetDateTime now = now();
                      AuditStamp stamp = CreatorJournal.stamp(caller, now, "", req.getRequestId());
                      CreatorEntity c = new CreatorEntity();
                      c.creatorId = "cr_" + UUID.randomUUID().toString().replace("-", "");
                      c.market = req.getMarket();
                      c.handle = req.getHandle();
                      c.displayName = req.getDisplayName();
                      c.categories = String.join("\n", categories);
                      c.status = CreatorStatus.CREATOR_STATUS_APPLIED.name();
                      c.statusChangeTime = now;
                      c.tier = CreatorTier.CREATOR_TIER_UNSPECIFIED.name();
                      c.registered = stamp.toByteArray();
                      c.lastChange = stamp.toByteArray();
                      c.createTime = now;
                      c.updateTime = now;
                      return creators
                          .persistAndFlush(c)
                          .call(
                              () ->
                                  journal.statusChange(
                                      c.creatorId,
                                      StatusChangeKind.STATUS_CHANGE_KIND_REGISTERED,
                                      CreatorStatus.CREATOR_STATUS_UNSPECIFIED,
                                      CreatorStatus.CREATOR_STATUS_APPLIED,
                                      null,
                                      null,
                                      null,
                                      null,
                                      null,
                                      stamp,
                                      now))
                          .flatMap(
                              ignored -> {
                                Creator creator =
                                    CreatorMapper.toCreator(c, List.of(), now.toInstant());
                                return journal
                                    .event(
                                        CreatorEvent.newBuilder()
                                            .setCreatorRegistered(
                                                CreatorRegistered.newBuilder().setCreator(creator)),
                                        CreatorEventType.CREATOR_EVENT_TYPE_CREATOR_REGISTERED,
                                        c.creatorId,
                                        c.market,
                                        caller,
                                        now)
                                    .replaceWith(
                                        RegisterCreatorResponse.newBuilder()
                                            .setCreator(creator)
                                            .build());
                              });
                    }));
  }

  public Uni<UpdateCreatorResponse> update(CallerIdentity caller, UpdateCreatorRequest req) {
    Creator given = req.getCreator();
    requireCreatorId(req.getCreatorId());
    if (req.getUpdateMask().getPathsCount() == 0) {
      throw new ApiException(
          ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
          "update_mask is required",
          Map.of(),
          List.of(
              new io.creatorgov.kit.error.FieldViolation(
                  "update_mask", "name the fields to change: display_name, handle, categories")),
          List.of(),
          null);
    }
    Violations v = new Violations();
    List<String> categories = List.of();
    for (String path : req.getUpdateMask().getPathsList()) {
      switch (path) {
        case "display_name" -> checkText(v, given.getDisplayName(), "creator.display_name", 1, 100);
        case "handle" ->
            v.require(
                !HANDLE.matcher(given.getHandle()).matches(),
                "creator.handle",
                "must be 3-30 characters of a-z, 0-9, '.' and '_'");
        case "categories" ->
            categories = categories(given.getCategoriesList(), v, "creator.categories");
        default ->
            throw new ApiException(
                ErrorReason.ERROR_REASON_INVALID_UPDATE_MASK,
                "'" + path + "' cannot be updated",
                Map.of(),
                List.of(
                    new io.creatorgov.kit.error.FieldViolation(
                        "update_mask",
                        "'"
                            + path
                            + "' cannot be updated; allowed: display_name, handle, categories")),
                List.of(),
                null);
      }
    }
    v.throwIfAny();
    List<String> newCategories = categories;
    return idempotent(
        "UpdateCreator",
        caller,
        req.getRequestId(),
        req,
        UpdateCreatorResponse.parser(),
        () ->
            creators
                .lockedFor(caller, req.getCreatorId())
                .flatMap(
                    c -> {
                      if (c.status.equals(CreatorStatus.CREATOR_STATUS_OFFBOARDED.name())) {
                        throw ApiException.illegalTransition("OFFBOARDED", "PROFILE_UPDATED");
                      }
                      checkEtag(req.getEtag(), c.rowVersion);
                      boolean handleChange =
                          req.getUpdateMask().getPathsList().contains("handle")
                              && !given.getHandle().equalsIgnoreCase(c.handle);
                      Uni<CreatorEntity> taken =
                          handleChange
                              ? creators.findByHandle(c.market, given.getHandle())
                              : Uni.createFrom().nullItem();
                      return taken.flatMap(
                          other -> {
                            if (other != null) {
                              throw ApiException.alreadyExists(
                                  "creator handle", c.market + "/" + given.getHandle());
                            }
                            return updateProfile(caller, req, c, newCategories);
                          });
                    }));
  }

  private Uni<UpdateCreatorResponse> updateProfile(
      CallerIdentity caller,
      UpdateCreatorRequest req,
      CreatorEntity c,
      List<String> newCategories) {
    Creator given = req.getCreator();
    OffsetDateTime now = now();
    if (req.getUpdateMask().getPathsList().contains("handle")) {
      c.handle = given.getHandle();
    }
    if (req.getUpdateMask().getPathsList().contains("display_name")) {
      c.displayName = given.getDisplayName();
    }
    if (req.getUpdateMask().getPathsList().contains("categories")) {
      c.categories = String.join("\n", newCategories);
    }
    c.lastChange = CreatorJournal.stamp(caller, now, "", req.getRequestId()).toByteArray();
    c.updateTime = now;
    return creators
        .flush()
        .flatMap(ignored -> restrictions.active(c.creatorId))
        .flatMap(
            active -> {
              Creator updated = CreatorMapper.toCreator(c, active, now.toInstant());
              return journal
                  .event(
                      CreatorEvent.newBuilder()
                          .setProfileUpdated(
                              CreatorProfileUpdated.newBuilder()
                                  .setChangedFields(req.getUpdateMask())
                                  .setCreator(updated)),
                      CreatorEventType.CREATOR_EVENT_TYPE_PROFILE_UPDATED,
                      c.creatorId,
                      c.market,
                      caller,
                      now)
                  .replaceWith(UpdateCreatorResponse.newBuilder().setCreator(updated).build());
            });
  }

  // ---- onboarding
  // --------------------------------------------------------------------------------

  public Uni<SubmitOnboardingItemResponse> submitOnboardingItem(
      CallerIdentity caller, SubmitOnboardingItemRequest req) {
    requireCreatorId(req.getCreatorId());
    if (req.getItemCase() == SubmitOnboardingItemRequest.ItemCase.ITEM_NOT_SET) {
      throw ApiException.invalid(
          "item", "give identity_verification, tax_profile or policy_acknowledgement");
    }
    switch (req.getItemCase()) {
      case IDENTITY_VERIFICATION -> {
        if (!caller.hasAnyRole(EnumSet.of(Role.SERVICE, Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN))) {
          throw ApiException.of(
              ErrorReason.ERROR_REASON_ROLE_REQUIRED,
              "identity results come from the verification service or operators",
              Map.of("required_roles", "service,creator-ops,governance-admin"));
        }
        IdentityVerification iv = req.getIdentityVerification();
        Violations v = new Violations();
        checkText(v, iv.getProvider(), "identity_verification.provider", 1, 64);
        checkText(
            v,
            iv.getVerificationReference(),
            "identity_verification.verification_reference",
            1,
            128);
        v.require(
            iv.getOutcome() == IdentityVerificationOutcome.IDENTITY_VERIFICATION_OUTCOME_UNSPECIFIED
                || iv.getOutcome() == IdentityVerificationOutcome.UNRECOGNIZED,
            "identity_verification.outcome",
            "PASSED or FAILED");
        v.require(
            !iv.hasVerifyTime()
                || ProtoTime.toInstant(iv.getVerifyTime()).isAfter(Instant.now().plusSeconds(60)),
            "identity_verification.verify_time",
            "required, and not in the future");
        v.throwIfAny();
      }
      case TAX_PROFILE -> caller.requireSelfOrAnyRole(req.getCreatorId(), OPERATORS);
      case POLICY_ACKNOWLEDGEMENT -> {
        if (!(caller.hasRole(Role.CREATOR) && caller.subject().equals(req.getCreatorId()))) {
          throw ApiException.of(
              ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER,
              "only the creator can acknowledge a policy",
              Map.of("creator_id", req.getCreatorId()));
        }
        Violations v = new Violations();
        v.require(
            req.getPolicyAcknowledgement().getPolicyKey().isEmpty(),
            "policy_acknowledgement.policy_key",
            "required");
        v.require(
            req.getPolicyAcknowledgement().getPolicyVersion() <= 0,
            "policy_acknowledgement.policy_version",
            "required");
        v.throwIfAny();
      }
      default -> {}
    }
    // 1. remote reads, no transaction open: the market's onboarding requirements
    return onboardingRequirements(req.getCreatorId())
        // 2. the transaction: database only
        .chain(requirements -> submitLocked(caller, req, requirements))
        // 3. after commit
        .invoke(r -> capabilities.invalidate(req.getCreatorId()));
  }

  /** The onboarding requirements of the creator's market; null when the creator does not exist. */
  private Uni<Onboarding.Requirements> onboardingRequirements(String creatorId) {
    return creators
        .marketOf(creatorId)
        .chain(m -> m.isEmpty() ? Uni.createFrom().nullItem() : onboarding.requirements(m.get()));
  }

  private Uni<SubmitOnboardingItemResponse> submitLocked(
      CallerIdentity caller,
      SubmitOnboardingItemRequest req,
      Onboarding.Requirements requirements) {
    return idempotent(
        "SubmitOnboardingItem",
        caller,
        req.getRequestId(),
        req,
        SubmitOnboardingItemResponse.parser(),
        () ->
            creators
                .lockedFor(caller, req.getCreatorId())
                .flatMap(
                    c -> {
                      if (c.status.equals(CreatorStatus.CREATOR_STATUS_BANNED.name())
                          || c.status.equals(CreatorStatus.CREATOR_STATUS_OFFBOARDED.name())) {
                        throw ApiException.illegalTransition(shortName(c.status), "ONBOARDING");
                      }
                      checkEtag(req.getEtag(), c.rowVersion);
                      return storeSubmission(caller, req, c, requirements);
                    }));
  }

  /** The submissions after a new one, and the checklist evaluated on them. */
  private record Evaluated(
      List<OnboardingSubmissionEntity> submitted,
      io.creatorgov.creator.domain.OnboardingChecklistEvaluator.Checklist checklist) {}

  private Uni<SubmitOnboardingItemResponse> storeSubmission(
      CallerIdentity caller,
      SubmitOnboardingItemRequest req,
      CreatorEntity c,
      Onboarding.Requirements requirements) {
    OffsetDateTime now = now();
    OnboardingSubmissionEntity row = new OnboardingSubmissionEntity();
    row.creatorId = c.creatorId;
    row.policyKey = "";
    row.submitted = CreatorJournal.stamp(caller, now, "", req.getRequestId()).toByteArray();
    row.submitTime = now;
    switch (req.getItemCase()) {
      case IDENTITY_VERIFICATION -> {
        row.kind = OnboardingItemKind.ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION.name();
        row.payload = req.getIdentityVerification().toByteArray();
      }
      case TAX_PROFILE -> {
        var violations = TaxIds.validate(req.getTaxProfile(), requirements.requirements());
        if (!violations.isEmpty()) {
          throw ApiException.invalid(violations);
        }
        row.kind = OnboardingItemKind.ONBOARDING_ITEM_KIND_TAX_PROFILE.name();
        row.payload =
            req.getTaxProfile().toBuilder()
                .clearTaxId()
                .setTaxIdMasked(TaxIds.mask(req.getTaxProfile().getTaxId()))
                .build()
                .toByteArray();
      }
      case POLICY_ACKNOWLEDGEMENT -> {
        PolicyAcknowledgement ack = req.getPolicyAcknowledgement();
        row.kind = OnboardingItemKind.ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT.name();
        row.policyKey = ack.getPolicyKey();
        row.payload = ack.toBuilder().setAcknowledgeTime(ProtoTime.of(now)).build().toByteArray();
        if (!requirements
            .requirements()
            .getAcknowledgementPolicyKeysList()
            .contains(ack.getPolicyKey())) {
          throw ApiException.invalid(
              "policy_acknowledgement.policy_key",
              "the market's onboarding policy does not ask to acknowledge " + ack.getPolicyKey());
        }
      }
      default -> throw new IllegalStateException();
    }
    return submissions
        .persistAndFlush(row)
        .flatMap(ignored -> submissions.ofCreator(c.creatorId))
        .map(all -> new Evaluated(all, Onboarding.checklist(all, requirements)))
        .map(
            evaluated -> {
              var checklist = evaluated.checklist();
              if (req.getItemCase()
                  == SubmitOnboardingItemRequest.ItemCase.POLICY_ACKNOWLEDGEMENT) {
                checklist.items().stream()
                    .filter(
                        i ->
                            i.acknowledgementTarget()
                                .map(t -> t.getPolicyKey().equals(row.policyKey))
                                .orElse(false))
                    .filter(i -> !i.satisfied())
                    .findFirst()
                    .ifPresent(
                        i -> {
                          throw ApiException.precondition(
                              ErrorReason.ERROR_REASON_PRECONDITION_FAILED,
                              "acknowledge the version currently in force",
                              List.of(
                                  new io.creatorgov.kit.error.PreconditionViolation(
                                      "POLICY_VERSION",
                                      row.policyKey,
                                      "current version is "
                                          + i.acknowledgementTarget().get().getPolicyVersion())));
                        });
              }
              OnboardingChecklist proto = Onboarding.toProto(c, checklist, evaluated.submitted());
              OnboardingItemKind kind = OnboardingItemKind.valueOf(row.kind);
              OnboardingItem item =
                  proto.getItemsList().stream()
                      .filter(
                          i ->
                              i.getKind() == kind
                                  && (row.policyKey.isEmpty()
                                      || i.getAcknowledgementTarget()
                                          .getPolicyKey()
                                          .equals(row.policyKey)))
                      .findFirst()
                      .orElse(OnboardingItem.newBuilder().setKind(kind).build());
              return SubmitOnboardingItemResponse.newBuilder()
                  .setItem(item)
                  .setChecklist(proto)
                  .build();
            });
  }

  public Uni<ActivateCreatorResponse> activate(CallerIdentity caller, ActivateCreatorRequest req) {
    requireCreatorId(req.getCreatorId());
    // 1. remote reads, no transaction open; 2. the transaction: database only
    return onboardingRequirements(req.getCreatorId())
        .chain(requirements -> activateLocked(caller, req, requirements));
  }

  private Uni<ActivateCreatorResponse> activateLocked(
      CallerIdentity caller, ActivateCreatorRequest req, Onboarding.Requirements requirements) {
    return idempotent(
            "ActivateCreator",
            caller,
            req.getRequestId(),
            req,
            ActivateCreatorResponse.parser(),
            () ->
                creators
                    .lockedFor(caller, req.getCreatorId())
                    .flatMap(
                        c -> {
                          checkEtag(req.getEtag(), c.rowVersion);
                          if (!c.status.equals(CreatorStatus.CREATOR_STATUS_APPLIED.name())) {
                            throw ApiException.illegalTransition(shortName(c.status), "ACTIVE");
                          }
                          return submissions
                              .ofCreator(c.creatorId)
                              .map(all -> Onboarding.checklist(all, requirements))
                              .flatMap(
                                  checklist -> {
                                    checklist.requireComplete();
                                    return restrictions
                                        .active(c.creatorId)
                                        .flatMap(
                                            active -> {
                                              TransitionOutcome outcome =
                                                  CreatorLifecycle.activate(
                                                      CreatorMapper.lifecycle(c, inForce(active)));
                                              OffsetDateTime now = now();
                                              c.activated = true;
                                              c.activateTime = now;
                                              if (c.tier.equals(
                                                  CreatorTier.CREATOR_TIER_UNSPECIFIED.name())) {
                                                c.tier = CreatorTier.CREATOR_TIER_BRONZE.name();
                                              }
                                              return applyState(
                                                      caller,
                                                      c,
                                                      outcome,
                                                      req.getReason(),
                                                      null,
                                                      null,
                                                      null,
                                                      req.getRequestId(),
                                                      now,
                                                      active)
                                                  .flatMap(
                                                      entry ->
                                                          journal
                                                              .event(
                                                                  CreatorEvent.newBuilder()
                                                                      .setCreatorActivated(
                                                                          CreatorActivated
                                                                              .newBuilder()
                                                                              .setStatus(
                                                                                  outcome
                                                                                      .next()
                                                                                      .status())
                                                                              .setTier(
                                                                                  CreatorTier
                                                                                      .valueOf(
                                                                                          c.tier))),
                                                                  CreatorEventType
                                                                      .CREATOR_EVENT_TYPE_CREATOR_ACTIVATED,
                                                                  c.creatorId,
                                                                  c.market,
                                                                  caller,
                                                                  now)
                                                              .replaceWith(
                                                                  ActivateCreatorResponse
                                                                      .newBuilder()
                                                                      .setCreator(
                                                                          CreatorMapper.toCreator(
                                                                              c,
                                                                              active,
                                                                              now.toInstant()))
                                                                      .setEntry(entry)
                                                                      .build()));
                                            });
                                  });
                        }))
        .invoke(r -> capabilities.invalidate(req.getCreatorId()));
  }

  // ---- status transitions
  // ------------------------------------------------------------------------

  public Uni<TransitionCreatorStatusResponse> transition(
      CallerIdentity caller, TransitionCreatorStatusRequest req) {
    requireCreatorId(req.getCreatorId());
    if (req.getTransition() == StatusTransition.STATUS_TRANSITION_OFFBOARD) {
      caller.requireSelfOrAnyRole(req.getCreatorId(), OPERATORS);
    } else if (!caller.hasAnyRole(
        EnumSet.of(Role.SERVICE, Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN))) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_ROLE_REQUIRED,
          "this transition needs an operator or the enforcement service",
          Map.of("required_roles", "service,creator-ops,governance-admin"));
    }
    if (req.hasSuspensionEndTime() && !ProtoTime.isValid(req.getSuspensionEndTime())) {
      throw ApiException.invalid("suspension_end_time", "not a valid timestamp");
    }
    TransitionCommand command =
        new TransitionCommand(
            req.getTransition(),
            req.getReason(),
            blankToNull(req.getEnforcementActionId()),
            blankToNull(req.getAppealId()),
            req.getReversalBasis() == ReversalBasis.REVERSAL_BASIS_UNSPECIFIED
                ? null
                : req.getReversalBasis().name(),
            req.hasSuspensionEndTime() ? ProtoTime.toInstant(req.getSuspensionEndTime()) : null,
            caller.isService());
    // validates inputs before anything is stored (an invalid request changes nothing)
    Instant checkAt = Instant.now();
    return idempotent(
            "TransitionCreatorStatus",
            caller,
            req.getRequestId(),
            req,
            TransitionCreatorStatusResponse.parser(),
            () ->
                creators
                    .lockedFor(caller, req.getCreatorId())
                    .flatMap(
                        c -> {
                          return priorEffect(c, req)
                              .flatMap(
                                  prior -> {
                                    if (prior != null) {
                                      // this action was applied before (perhaps since undone): a
                                      // retry, however late, returns it and changes nothing
                                      return restrictions
                                          .active(c.creatorId)
                                          .map(
                                              active ->
                                                  TransitionCreatorStatusResponse.newBuilder()
                                                      .setCreator(
                                                          CreatorMapper.toCreator(
                                                              c, active, Instant.now()))
                                                      .setEntry(CreatorMapper.toEntry(prior))
                                                      .setAlreadyApplied(true)
                                                      .build());
                                    }
                                    return transitionChecked(caller, req, command, checkAt, c);
                                  });
                        }))
        .invoke(r -> capabilities.invalidate(req.getCreatorId()));
  }

  /** The history entry a SUSPEND/BAN of this enforcement action already produced, if any. */
  private Uni<io.creatorgov.creator.repository.StatusHistoryEntity> priorEffect(
      CreatorEntity c, TransitionCreatorStatusRequest req) {
    String kind =
        switch (req.getTransition()) {
          case STATUS_TRANSITION_SUSPEND -> StatusChangeKind.STATUS_CHANGE_KIND_SUSPENDED.name();
          case STATUS_TRANSITION_BAN -> StatusChangeKind.STATUS_CHANGE_KIND_BANNED.name();
          default -> null;
        };
    if (kind == null || req.getEnforcementActionId().isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    return history.causedBy(c.creatorId, kind, req.getEnforcementActionId());
  }

  private Uni<TransitionCreatorStatusResponse> transitionChecked(
      CallerIdentity caller,
      TransitionCreatorStatusRequest req,
      TransitionCommand command,
      Instant checkAt,
      CreatorEntity c) {
    checkEtag(req.getEtag(), c.rowVersion);
    return restrictions
        .active(c.creatorId)
        .flatMap(
            active -> {
              TransitionOutcome outcome =
                  CreatorLifecycle.apply(
                      CreatorMapper.lifecycle(c, inForce(active)), command, checkAt);
              OffsetDateTime now = now();
              if (outcome.alreadyApplied()) {
                return Uni.createFrom()
                    .item(
                        TransitionCreatorStatusResponse.newBuilder()
                            .setCreator(CreatorMapper.toCreator(c, active, now.toInstant()))
                            .setAlreadyApplied(true)
                            .build());
              }
              return applyState(
                      caller,
                      c,
                      outcome,
                      req.getReason(),
                      command.enforcementActionId(),
                      command.appealId(),
                      command.reversalBasis(),
                      req.getRequestId(),
                      now,
                      active)
                  .map(
                      entry ->
                          TransitionCreatorStatusResponse.newBuilder()
                              .setCreator(CreatorMapper.toCreator(c, active, now.toInstant()))
                              .setEntry(entry)
                              .build());
            });
  }

  // ---- restrictions
  // ------------------------------------------------------------------------------

  public Uni<ApplyRestrictionResponse> applyRestriction(
      CallerIdentity caller, ApplyRestrictionRequest req) {
    requireCreatorId(req.getCreatorId());
    Violations v = new Violations();
    v.require(
        req.getType() == RestrictionType.RESTRICTION_TYPE_UNSPECIFIED
            || req.getType() == RestrictionType.UNRECOGNIZED,
        "type",
        "required: a restriction type");
    checkText(v, req.getEnforcementActionId(), "enforcement_action_id", 1, 128);
    checkText(v, req.getReason(), "reason", 1, 2000);
    v.require(
        req.hasEndTime() && !ProtoTime.isValid(req.getEndTime()),
        "end_time",
        "not a valid timestamp");
    v.throwIfAny();
    return idempotent(
            "ApplyRestriction",
            caller,
            req.getRequestId(),
            req,
            ApplyRestrictionResponse.parser(),
            () ->
                creators
                    .lockedFor(caller, req.getCreatorId())
                    .flatMap(
                        c -> {
                          // etag and end time are checked only for a new restriction: a retry of an
                          // applied
                          // action must find it (already_applied) however late it comes

                          return restrictions
                              .findOnce(
                                  c.creatorId, req.getEnforcementActionId(), req.getType().name())
                              .flatMap(
                                  existing -> {
                                    if (existing != null) {
                                      Instant wanted =
                                          req.hasEndTime()
                                              ? ProtoTime.toInstant(req.getEndTime())
                                                  .truncatedTo(ChronoUnit.MICROS)
                                              : null;
                                      Instant stored =
                                          existing.endTime == null
                                              ? null
                                              : existing.endTime.toInstant();
                                      if (!java.util.Objects.equals(wanted, stored)) {
                                        throw ApiException.alreadyExists(
                                            "restriction",
                                            req.getEnforcementActionId()
                                                + "/"
                                                + req.getType().name());
                                      }
                                      return Uni.createFrom()
                                          .item(
                                              ApplyRestrictionResponse.newBuilder()
                                                  .setRestriction(
                                                      CreatorMapper.toRestriction(existing))
                                                  .setCreatorStatus(CreatorStatus.valueOf(c.status))
                                                  .setAlreadyApplied(true)
                                                  .build());
                                    }
                                    checkEtag(req.getEtag(), c.rowVersion);
                                    if (req.hasEndTime()
                                        && !ProtoTime.toInstant(req.getEndTime())
                                            .isAfter(Instant.now())) {
                                      throw ApiException.invalid(
                                          "end_time",
                                          "must be in the future (or unset: until lifted)");
                                    }
                                    return newRestriction(caller, req, c);
                                  });
                        }))
        .invoke(r -> capabilities.invalidate(req.getCreatorId()));
  }

  private Uni<ApplyRestrictionResponse> newRestriction(
      CallerIdentity caller, ApplyRestrictionRequest req, CreatorEntity c) {
    OffsetDateTime now = now();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, req.getReason(), req.getRequestId());
    RestrictionEntity r = new RestrictionEntity();
    r.restrictionId = "rs_" + UUID.randomUUID().toString().replace("-", "");
    r.creatorId = c.creatorId;
    r.market = c.market;
    r.type = req.getType().name();
    r.enforcementActionId = req.getEnforcementActionId();
    r.startTime = now;
    r.endTime =
        req.hasEndTime()
            ? ProtoTime.toOffsetDateTime(req.getEndTime()).truncatedTo(ChronoUnit.MICROS)
            : null;
    r.state = "ACTIVE";
    r.applied = stamp.toByteArray();
    r.liftAppealId = "";
    r.createTime = now;
    r.updateTime = now;
    return restrictions
        .persistAndFlush(r)
        .flatMap(ignored -> restrictions.active(c.creatorId))
        .flatMap(
            active -> {
              LifecycleState before =
                  CreatorMapper.lifecycle(c, inForce(active) - 1 < 0 ? 0 : inForce(active) - 1);
              LifecycleState after = CreatorLifecycle.restrictionsChanged(before, inForce(active));
              Uni<Void> status = Uni.createFrom().voidItem();
              if (after.status() != before.status()) {
                status =
                    applyState(
                            caller,
                            c,
                            new TransitionOutcome(
                                after, StatusChangeKind.STATUS_CHANGE_KIND_RESTRICTED, false),
                            req.getReason(),
                            req.getEnforcementActionId(),
                            null,
                            null,
                            req.getRequestId(),
                            now,
                            active,
                            r.restrictionId)
                        .replaceWithVoid();
              } else {
                c.lastChange = stamp.toByteArray();
                c.updateTime = now;
              }
              return status
                  .call(
                      () ->
                          journal.event(
                              CreatorEvent.newBuilder()
                                  .setRestrictionApplied(
                                      RestrictionApplied.newBuilder()
                                          .setRestriction(CreatorMapper.toRestriction(r))
                                          .setCreatorStatus(CreatorStatus.valueOf(c.status))),
                              CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_APPLIED,
                              c.creatorId,
                              c.market,
                              caller,
                              now))
                  .call(creators::flush)
                  .map(
                      ignored ->
                          ApplyRestrictionResponse.newBuilder()
                              .setRestriction(CreatorMapper.toRestriction(r))
                              .setCreatorStatus(CreatorStatus.valueOf(c.status))
                              .build());
            });
  }

  public Uni<LiftRestrictionResponse> liftRestriction(
      CallerIdentity caller, LiftRestrictionRequest req) {
    requireCreatorId(req.getCreatorId());
    Violations v = new Violations();
    v.require(
        req.getTargetCase() == LiftRestrictionRequest.TargetCase.TARGET_NOT_SET,
        "target",
        "give restriction_id or enforcement_action_id");
    checkText(v, req.getReason(), "reason", 1, 2000);
    v.throwIfAny();
    return idempotent(
            "LiftRestriction",
            caller,
            req.getRequestId(),
            req,
            LiftRestrictionResponse.parser(),
            () ->
                creators
                    .lockedFor(caller, req.getCreatorId())
                    .flatMap(
                        c -> {
                          checkEtag(req.getEtag(), c.rowVersion);
                          Uni<List<RestrictionEntity>> targets =
                              req.getTargetCase()
                                      == LiftRestrictionRequest.TargetCase.RESTRICTION_ID
                                  ? restrictions
                                      .findById(req.getRestrictionId())
                                      .map(
                                          r -> {
                                            if (r == null || !r.creatorId.equals(c.creatorId)) {
                                              throw ApiException.notFound(
                                                  "restriction", req.getRestrictionId());
                                            }
                                            return List.of(r);
                                          })
                                  : restrictions
                                      .ofAction(c.creatorId, req.getEnforcementActionId())
                                      .map(
                                          list -> {
                                            if (list.isEmpty()) {
                                              throw ApiException.notFound(
                                                  "restriction of action",
                                                  req.getEnforcementActionId());
                                            }
                                            return list;
                                          });
                          return targets.flatMap(list -> lift(caller, req, c, list));
                        }))
        .invoke(r -> capabilities.invalidate(req.getCreatorId()));
  }

  private Uni<LiftRestrictionResponse> lift(
      CallerIdentity caller,
      LiftRestrictionRequest req,
      CreatorEntity c,
      List<RestrictionEntity> targets) {
    OffsetDateTime now = now();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, req.getReason(), req.getRequestId());
    // already over (ended by its end time; the expiry job may not have run yet): not "lifted"
    List<RestrictionEntity> lifted =
        targets.stream()
            .filter(r -> r.state.equals("ACTIVE"))
            .filter(r -> r.endTime == null || r.endTime.isAfter(now))
            .toList();
    for (RestrictionEntity r : lifted) {
      r.state = "LIFTED";
      r.endedTime = now;
      r.lifted = stamp.toByteArray();
      r.liftAppealId = req.getAppealId();
      r.updateTime = now;
    }
    return restrictions
        .flush()
        .flatMap(ignored -> restrictions.active(c.creatorId))
        .flatMap(
            active -> {
              LifecycleState before = CreatorMapper.lifecycle(c, inForce(active) + lifted.size());
              LifecycleState after = CreatorLifecycle.restrictionsChanged(before, inForce(active));
              Uni<Void> chain = Uni.createFrom().voidItem();
              if (after.status() != before.status()) {
                chain =
                    applyState(
                            caller,
                            c,
                            new TransitionOutcome(
                                after,
                                StatusChangeKind.STATUS_CHANGE_KIND_RESTRICTIONS_CLEARED,
                                false),
                            req.getReason(),
                            lifted.isEmpty() ? null : lifted.get(0).enforcementActionId,
                            req.getAppealId(),
                            null,
                            req.getRequestId(),
                            now,
                            active,
                            lifted.isEmpty() ? null : lifted.get(lifted.size() - 1).restrictionId)
                        .replaceWithVoid();
              }
              for (RestrictionEntity r : lifted) {
                chain =
                    chain.call(
                        () ->
                            journal.event(
                                CreatorEvent.newBuilder()
                                    .setRestrictionEnded(
                                        RestrictionEnded.newBuilder()
                                            .setRestriction(CreatorMapper.toRestriction(r))
                                            .setCreatorStatus(CreatorStatus.valueOf(c.status))),
                                CreatorEventType.CREATOR_EVENT_TYPE_RESTRICTION_ENDED,
                                c.creatorId,
                                c.market,
                                caller,
                                now));
              }
              return chain
                  .call(creators::flush)
                  .map(
                      ignored ->
                          LiftRestrictionResponse.newBuilder()
                              .addAllRestrictions(
                                  targets.stream().map(CreatorMapper::toRestriction).toList())
                              .setLiftedCount(lifted.size())
                              .setCreatorStatus(CreatorStatus.valueOf(c.status))
                              .build());
            });
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  /** Stores a lifecycle outcome on the creator, with its history entry and STATUS_CHANGED event. */
  private Uni<StatusHistoryEntry> applyState(
      CallerIdentity caller,
      CreatorEntity c,
      TransitionOutcome outcome,
      String reason,
      String actionId,
      String appealId,
      String reversalBasis,
      String requestId,
      OffsetDateTime now,
      List<RestrictionEntity> active) {
    return applyState(
        caller,
        c,
        outcome,
        reason,
        actionId,
        appealId,
        reversalBasis,
        requestId,
        now,
        active,
        null);
  }

  /** Stores a lifecycle outcome, naming the restriction that caused it (RESTRICTED/CLEARED). */
  private Uni<StatusHistoryEntry> applyState(
      CallerIdentity caller,
      CreatorEntity c,
      TransitionOutcome outcome,
      String reason,
      String actionId,
      String appealId,
      String reversalBasis,
      String requestId,
      OffsetDateTime now,
      List<RestrictionEntity> active,
      String restrictionId) {
    CreatorStatus from = CreatorStatus.valueOf(c.status);
    LifecycleState next = outcome.next();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, reason, requestId);
    c.status = next.status().name();
    c.activated = next.activated();
    c.suspensionEndTime =
        next.suspensionEndTime() == null ? null : next.suspensionEndTime().atOffset(ZoneOffset.UTC);
    c.suspensionActionId = next.suspensionActionId();
    c.banActionId = next.banActionId();
    if (from != next.status()) {
      c.statusChangeTime = now;
    }
    c.lastChange = stamp.toByteArray();
    c.updateTime = now;
    return creators
        .flush()
        .flatMap(
            ignored ->
                journal.statusChange(
                    c.creatorId,
                    outcome.kind(),
                    from,
                    next.status(),
                    actionId,
                    appealId,
                    reversalBasis,
                    restrictionId,
                    c.suspensionEndTime,
                    stamp,
                    now))
        .call(
            entry ->
                journal.event(
                    CreatorEvent.newBuilder()
                        .setStatusChanged(CreatorStatusChanged.newBuilder().setEntry(entry)),
                    CreatorEventType.CREATOR_EVENT_TYPE_STATUS_CHANGED,
                    c.creatorId,
                    c.market,
                    caller,
                    now));
  }

  private <T extends Message> Uni<T> idempotent(
      String rpc,
      CallerIdentity caller,
      String requestId,
      Message request,
      Parser<T> parser,
      Supplier<Uni<T>> command) {
    return IdempotentCommands.inTransaction(
        rpc, caller.subject(), requestId, request, parser, command);
  }

  static int inForce(List<RestrictionEntity> active) {
    Instant now = Instant.now();
    return (int)
        active.stream()
            .filter(r -> r.endTime == null || r.endTime.toInstant().isAfter(now))
            .count();
  }

  static List<String> categories(List<String> given, Violations v, String field) {
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      if (!CATEGORY.matcher(given.get(i)).matches() || given.get(i).length() > 64) {
        v.add(field + "[" + i + "]", "must be a lower-case slug like 'beauty' or 'home-living'");
      }
      unique.add(given.get(i));
    }
    v.require(unique.size() > 20, field, "at most 20 categories");
    return List.copyOf(unique);
  }

  static void requireCreatorId(String id) {
    if (id == null || id.isEmpty()) {
      throw ApiException.invalid("creator_id", "required");
    }
  }

  static void checkEtag(String given, long rowVersion) {
    if (!given.isEmpty() && !given.equals(CreatorMapper.etag(rowVersion))) {
      throw ApiException.etagMismatch(CreatorMapper.etag(rowVersion));
    }
  }

  static void checkText(Violations v, String value, String field, int min, int max) {
    int length = value.codePointCount(0, value.length());
    if (length < min) {
      v.add(field, "required");
    } else if (length > max) {
      v.add(field, "must have at most " + max + " characters");
    }
  }

  static String shortName(String status) {
    return status.replace("CREATOR_STATUS_", "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
