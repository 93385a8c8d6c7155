package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every statement of reasons says besides the decision: the language it is written in (per
 * market) and the redress available outside the internal appeal (DSA art. 17(3)(f)). Configured,
 * and stamped on each action when it is decided, so a statement stays what it was when issued.
 */
@ApplicationScoped
public class StatementTexts {
  private final Map<String, String> languages = new HashMap<>();
  private final String defaultLanguage;
  private final String outOfCourt;
  private final String judicial;

  public StatementTexts(
      @ConfigProperty(name = "creatorgov.enforcement.statement.languages") List<String> languages,
      @ConfigProperty(name = "creatorgov.enforcement.statement.default-language")
          String defaultLanguage,
      @ConfigProperty(name = "creatorgov.enforcement.statement.out-of-court") String outOfCourt,
      @ConfigProperty(name = "creatorgov.enforcement.statement.judicial") String judicial) {
    for (String entry : languages) {
      String[] parts = entry.split(":", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "creatorgov.enforcement.statement.languages: expected MARKET:language, got " + entry);
      }
      this.languages.put(parts[0].trim(), parts[1].trim());
    }
    this.defaultLanguage = defaultLanguage;
    this.outOfCourt = outOfCourt;
    this.judicial = judicial;
  }

  /** Sets the statement's language and redress texts on a new action. */
  void stamp(EnforcementActionEntity a) {
    a.languageCode = languages.getOrDefault(a.market, defaultLanguage);
    a.outOfCourtInfo = outOfCourt;
    a.judicialRedressInfo = judicial;
  }
}
