package io.aloft.admin.manager;

import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.admin.AdminException;
import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.entity.ProjectEntity;
import io.aloft.admin.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Identifier checks every entity shares (flyteadmin/pkg/manager/impl/validation/shared_validator.go). */
@ApplicationScoped
public class Identifiers {

  @Inject
  AdminConfig config;

  @Inject
  EntityManager em;

  /** project:domain:name:version, as messages show an identifier. */
  public static String display(Identifier id) {
    return "[" + id.getProject() + ":" + id.getDomain() + ":" + id.getName() + ":" + id.getVersion() + "]";
  }

  /** Throws INVALID_ARGUMENT naming the first missing field of a versioned identifier. */
  public void validateVersioned(Identifier id, String what) {
    Validation.required(id.getProject(), what + " id.project");
    Validation.required(id.getDomain(), what + " id.domain");
    Validation.required(id.getName(), what + " id.name");
    Validation.required(id.getVersion(), what + " id.version");
    Validation.storable(id.getOrg(), what + " id.org");
  }

  /**
   * What a second registration under {@code id} gets (FlyteAdmin's errors.go): ALREADY_EXISTS if it is identical
   * (same digest; flytekit swallows it), INVALID_ARGUMENT if the same id now names something else.
   */
  public static AdminException conflict(String what, Identifier id, byte[] existingDigest, byte[] attemptedDigest) {
    if (java.util.Arrays.equals(existingDigest, attemptedDigest)) {
      return AdminException.alreadyExists(what + " with identical structure already exists: " + display(id));
    }
    return AdminException.invalid(what + " with different structure already exists: " + display(id)
        + " (register it under a new version)");
  }

  /** Throws INVALID_ARGUMENT naming the first missing field of a project/domain/name identifier. */
  public void validateNamed(String project, String domain, String name, String org, String what) {
    Validation.required(project, what + " id.project");
    Validation.required(domain, what + " id.domain");
    Validation.required(name, what + " id.name");
    Validation.storable(org, what + " id.org");
  }

  /** Throws INVALID_ARGUMENT unless the project is registered and the domain configured (needs a transaction). */
  public void requireProjectAndDomain(Identifier id) {
    if (!config.domains().contains(id.getDomain())) {
      throw AdminException.invalid("domain [" + id.getDomain() + "] is not one of " + config.domains());
    }
    if (em.find(ProjectEntity.class, id.getProject()) == null) {
      throw AdminException.invalid("failed to validate that project [" + id.getProject() + "] and domain ["
          + id.getDomain() + "] are registered");
    }
  }
}
