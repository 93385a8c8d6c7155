package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.OnboardingItemKind;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One onboarding submission; the latest per (kind, policy key) counts. */
@Entity
@Table(name = "onboarding_submission")
public class OnboardingSubmissionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "onboarding_submission_seq")
  @SequenceGenerator(
      name = "onboarding_submission_seq",
      sequenceName = "onboarding_submission_seq",
      allocationSize = 50)
  public Long id;

  public String creatorId;

  @Enumerated(EnumType.STRING)
  public OnboardingItemKind kind;

  public String policyKey;

  /**
   * The submitted item (IdentityVerification, TaxProfile with the id masked, or acknowledgement).
   */
  public byte[] payload;

  public byte[] submitted;
  public OffsetDateTime submitTime;
}
