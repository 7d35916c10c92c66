package io.aloft.admin.manager;

import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import io.aloft.admin.entity.ResourceEntity;
import io.aloft.admin.repository.ResourceKey;
import io.aloft.admin.repository.ResourceRepository;
import io.aloft.admin.transformer.ResourceTransformer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The matchable attributes that apply to an execution, for the launch path (CreateExecution reads
 * EXECUTION_CLUSTER_LABEL, WORKFLOW_EXECUTION_CONFIG and CLUSTER_ASSIGNMENT through it). Mirrors FlyteAdmin's
 * {@code ResourceManager.GetResource} over {@code ResourceRepo.Get}, as called from execution_manager.go
 * ({@code getExecutionConfig} via {@code util.GetMatchableResource}, {@code fetchClusterAssignment}) and
 * executioncluster/impl/random_cluster_selector.go ({@code GetTarget}).
 */
@ApplicationScoped
public class MatchableAttributes {

  @Inject
  ResourceRepository resources;

  @Inject
  TransactionSynchronizationRegistry transaction;

  /**
   * The most specific attributes of {@code type} stored for the scope: the launch-plan row if there is one, else
   * the workflow row, else the project-domain row, else the project row; empty if none. A row matches when each of
   * its levels is unused or equal to the argument, and its org equals {@code org}.
   *
   * <p>Runs in the caller's transaction when one is active (so it sees the caller's uncommitted writes and adds no
   * commit of its own), else in a transaction of its own. The rows of the scope's org and project are read once
   * per transaction and matched here: a launch asks up to four times (three kinds, two levels), and one query
   * answers them all. A transaction that writes attributes must not ask before it writes.
   *
   * <p>Null arguments count as "". Calls as FlyteAdmin makes them: {@code getExecutionConfig} passes project, domain
   * and the launch plan's workflow name (no launch plan), then, for the project-level merge, project alone with
   * domain ""; {@code fetchClusterAssignment} passes project and domain only; the cluster selector passes
   * project, domain, workflow and launch plan names.
   *
   * @throws IllegalArgumentException if {@code type} is null or unrecognized, {@code project} is empty, a workflow is
   *     given without a domain, or a launch plan without a workflow
   */
  public Optional<MatchingAttributes> resolve(String org, String project, String domain, String workflowName,
      String launchPlanName, MatchableResource type) {
    ResourceKey scope = new ResourceKey(org, project, domain, workflowName, launchPlanName, type);
    return QuarkusTransaction.joiningExisting().call(() ->
        ResourceRepository.mostSpecific(rowsOf(scope), scope).map(ResourceTransformer::attributes));
  }

  /** The transaction's memo of the rows of one org and project. */
  private record RowsKey(String org, String project) {}

  private List<ResourceEntity> rowsOf(ResourceKey scope) {
    RowsKey key = new RowsKey(scope.org(), scope.project());
    @SuppressWarnings("unchecked")
    List<ResourceEntity> rows = (List<ResourceEntity>) transaction.getResource(key);
    if (rows == null) {
      rows = resources.candidates(scope.org(), scope.project());
      transaction.putResource(key, rows);
    }
    return rows;
  }
}
