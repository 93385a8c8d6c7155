package io.creatorgov.policy.domain;

import static io.creatorgov.policy.domain.RuleChecks.at;
import static io.creatorgov.policy.domain.RuleChecks.item;
import static io.creatorgov.policy.domain.RuleChecks.known;
import static io.creatorgov.policy.domain.RuleChecks.maxCount;
import static io.creatorgov.policy.domain.RuleChecks.text;

import io.creatorgov.kit.error.Violations;
import io.creatorgov.policy.v1.OnboardingRequirements;
import io.creatorgov.policy.v1.PaymentPractice;
import io.creatorgov.policy.v1.TaxIdFormat;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rules of onboarding requirements: tax identifier format, minimum age, policies to acknowledge and
 * prohibited payment practices.
 */
final class OnboardingRules {
  private static final Pattern POLICY_KEY = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)+$");
  private static final Pattern TAX_SCHEME = Pattern.compile("^[A-Z0-9_]{2,32}$");

  private OnboardingRules() {}

  static void check(OnboardingRequirements o, String p, Violations v) {
    // tax_id_format may be unset even when a tax profile is required: any non-empty identifier is
    // then accepted (see OnboardingRequirements.tax_id_format).
    if (o.hasTaxIdFormat()) {
      taxIdFormat(o.getTaxIdFormat(), at(p, "tax_id_format"), v);
    }
    int age = o.getMinimumAge();
    if (age != 0 && (age < 13 || age > 100)) {
      v.add(at(p, "minimum_age"), "must be 13–100 years, or 0 for no minimum, got " + age);
    }
    String kp = at(p, "acknowledgement_policy_keys");
    if (o.getPolicyAcknowledgementRequired() && o.getAcknowledgementPolicyKeysCount() == 0) {
      v.add(kp, "required: at least one policy key when policy_acknowledgement_required is true");
    }
    maxCount(v, o.getAcknowledgementPolicyKeysCount(), kp, 50, "policy keys");
    for (int i = 0; i < o.getAcknowledgementPolicyKeysCount(); i++) {
      String key = o.getAcknowledgementPolicyKeys(i);
      if (key.length() < 3 || key.length() > 128 || !POLICY_KEY.matcher(key).matches()) {
        v.add(
            item(kp, i),
            "must be a policy key of 3–128 characters matching %s, e.g. live.prohibited-items,"
                    .formatted(POLICY_KEY.pattern())
                + " got '"
                + key
                + "'");
      }
    }
    for (int i = 0; i < o.getProhibitedPaymentPracticesCount(); i++) {
      if (!known(
          o.getProhibitedPaymentPractices(i), PaymentPractice.PAYMENT_PRACTICE_UNSPECIFIED)) {
        v.add(at(p, item("prohibited_payment_practices", i)), "must be a payment practice");
      }
    }
  }

  private static void taxIdFormat(TaxIdFormat f, String p, Violations v) {
    text(v, f.getLabel(), at(p, "label"), 1, 100);
    Pattern pattern = null;
    if (text(v, f.getPattern(), at(p, "pattern"), 1, 500)) {
      try {
        pattern = Pattern.compile(f.getPattern());
      } catch (PatternSyntaxException e) {
        v.add(at(p, "pattern"), "not a valid regular expression: " + e.getDescription());
      }
    }
    boolean exampleOk = text(v, f.getExample(), at(p, "example"), 0, 100);
    if (exampleOk && pattern != null && !f.getExample().isEmpty()) {
      if (!pattern.matcher(f.getExample()).matches()) {
        v.add(
            at(p, "example"),
            "'%s' does not match pattern '%s'".formatted(f.getExample(), f.getPattern()));
      }
    }
    if (!f.getScheme().isEmpty() && !TAX_SCHEME.matcher(f.getScheme()).matches()) {
      v.add(
          at(p, "scheme"),
          "must be 2–32 characters of A-Z, 0-9 and _ (e.g. VN_MST), or empty, got '%s'"
              .formatted(f.getScheme()));
    }
  }
}
