package io.aloft.admin.manager;

import flyteidl.admin.ProjectOuterClass.Domain;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import io.aloft.admin.AdminException;
import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.entity.ProjectEntity;
import io.aloft.admin.transformer.ProjectTransformer;
import io.aloft.admin.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Projects (flyteadmin/pkg/manager/impl/project_manager.go). Every method is one transaction. */
@ApplicationScoped
public class ProjectManager {

  @Inject
  AdminConfig config;

  @Inject
  EntityManager em;

  Clock clock = Clock.systemUTC();

  /** The configured domains, which every project has. */
  public List<Domain> domains() {
    return config.domains().stream().map(d -> Domain.newBuilder().setId(d).setName(d).build()).toList();
  }

  /** Registers a new project; ALREADY_EXISTS if the id is taken. */
  @Transactional
  public void register(ProjectRegisterRequest request) {
    if (!request.hasProject()) {
      throw AdminException.invalid("missing project");
    }
    Project p = request.getProject();
    validate(p);
    if (em.find(ProjectEntity.class, p.getId()) != null) {
      throw AdminException.alreadyExists("project [" + p.getId() + "] already exists");
    }
    em.persist(ProjectTransformer.toEntity(p, Instant.now(clock)));
  }

  /**
   * Creates each of {@code ids} that does not exist yet (named after its id), in one transaction; replicas starting
   * together may race, so an existing row is simply kept. Returns the ids it created.
   */
  @Transactional
  public List<String> seed(List<String> ids) {
    List<String> created = new java.util.ArrayList<>();
    for (String id : ids) {
      Project p = Project.newBuilder().setId(id).setName(id).build();
      validate(p);
      int n = em.createNativeQuery("INSERT INTO projects (identifier, name) VALUES (?1, ?2)"
              + " ON CONFLICT (identifier) DO NOTHING")
          .setParameter(1, id).setParameter(2, id).executeUpdate();
      if (n == 1) {
        created.add(id);
      }
    }
    return created;
  }

  /** The project with {@code id}; NOT_FOUND if none. */
  @Transactional
  public Project get(String id) {
    Validation.required(id, "project id");
    return ProjectTransformer.toProto(find(id), domains());
  }

  /** Replaces name, description, labels and state of an existing project; NOT_FOUND if none. */
  @Transactional
  public void update(Project p) {
    Validation.required(p.getId(), "project_id");
    ProjectEntity e = find(p.getId());
    validate(p);
    ProjectTransformer.apply(p, e, Instant.now(clock));
  }

  ProjectEntity find(String id) {
    ProjectEntity e = em.find(ProjectEntity.class, id);
    if (e == null) {
      throw AdminException.notFound("project [" + id + "] not found");
    }
    return e;
  }

  private static void validate(Project p) {
    Validation.required(p.getId(), "project_id");
    Validation.dns1123Label(p.getId(), "project_id");
    Validation.required(p.getName(), "project_name");
    Validation.maxLength(p.getName(), 64, "project_name");
    Validation.maxLength(p.getDescription(), 300, "project_description");
    if (p.hasLabels()) {
      Validation.labels(p.getLabels(), "project labels");
    }
    if (p.getStateValue() < 0 || p.getState() == Project.ProjectState.UNRECOGNIZED) {
      throw AdminException.invalid("invalid project state [" + p.getStateValue() + "]");
    }
  }
}
