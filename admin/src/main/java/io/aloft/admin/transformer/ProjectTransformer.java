package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.Common.Labels;
import flyteidl.admin.ProjectOuterClass.Domain;
import flyteidl.admin.ProjectOuterClass.Project;
import io.aloft.admin.entity.ProjectEntity;
import java.time.Instant;
import java.util.List;

/** Project proto <-> row (flyteadmin/pkg/repositories/transformers/project.go). */
public final class ProjectTransformer {
  private ProjectTransformer() {}

  /** A new row for {@code project}; timestamps set to {@code now}. */
  public static ProjectEntity toEntity(Project project, Instant now) {
    ProjectEntity e = new ProjectEntity();
    e.identifier = project.getId();
    e.createdAt = now;
    apply(project, e, now);
    return e;
  }

  /** Copies the updatable fields of {@code project} onto {@code e}. */
  public static void apply(Project project, ProjectEntity e, Instant now) {
    e.name = project.getName();
    e.description = project.getDescription();
    e.labels = project.hasLabels() ? project.getLabels().toByteArray() : null;
    e.state = project.getStateValue();
    e.org = project.getOrg();
    e.updatedAt = now;
  }

  /** The proto a client sees, with the configured domains. */
  public static Project toProto(ProjectEntity e, List<Domain> domains) {
    Project.Builder p = Project.newBuilder()
        .setId(e.identifier)
        .setName(e.name)
        .setDescription(e.description)
        .setStateValue(e.state)
        .setOrg(e.org)
        .addAllDomains(domains);
    if (e.labels != null) {
      try {
        p.setLabels(Labels.parseFrom(e.labels));
      } catch (InvalidProtocolBufferException ex) {
        throw new IllegalStateException("corrupt labels of project " + e.identifier, ex);
      }
    }
    return p.build();
  }
}
