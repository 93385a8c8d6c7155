package io.creatorgov.kit.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * One {@link RequestValidator} per application, shared by {@link KitValidationInterceptor} and any
 * service code that injects it (so the compiled rules are cached once).
 */
@ApplicationScoped
public class RequestValidatorProducer {

  @Produces
  @Singleton
  RequestValidator requestValidator() {
    return new RequestValidator();
  }
}
