package io.aloft.admin.workflowengine;

import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.manager.ExecutionManager;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Closes the window between recording a launch and creating its workflow resource: every
 * {@code aloft.admin.executions.launch-repair.interval}, launches recorded more than {@code grace} ago whose
 * resource was never created get it now (resource creation is idempotent: AlreadyExists counts as created).
 */
@ApplicationScoped
public class LaunchRepair {
  private static final Logger LOG = Logger.getLogger(LaunchRepair.class);

  @Inject
  ExecutionManager executions;

  @Inject
  AdminConfig config;

  @Scheduled(every = "${aloft.admin.executions.launch-repair.interval:60s}", delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void repair() {
    try {
      var settings = config.executions().launchRepair();
      int n = executions.repairPendingLaunches(settings.grace(), settings.batch());
      if (n > 0) {
        LOG.infof("launch repair: created %d missing workflow resources", n);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "launch repair failed; retried at the next interval");
    }
  }
}
