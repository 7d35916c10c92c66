package io.aloft.propeller.controller;

import io.aloft.crd.FlyteWorkflow;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

/**
 * The operator SDK's entry point for workflow resources: its informer (label-selected to this shard, see
 * {@link io.aloft.propeller.config.ShardConfigInterceptor}) calls us for every add, update and deletion mark, and
 * we hand the key to propeller's own work queue, where the configured number of workers run Flyte-style evaluation
 * streaks ({@link WorkflowWorkers}). Keeping the evaluation out of the SDK's executor is what gives the Flyte knobs
 * their meaning: a bounded queue with its depth, a fixed worker pool, streaks, and the workflow-store policies.
 *
 * <p>Admin adds the finalizer at creation; the SDK is told its name, so it never writes one itself. On deletion
 * (admin's TerminateExecution) the workers abort the workflow, kill its pods, and then remove the finalizer.
 */
@ControllerConfiguration(name = WorkflowReconciler.NAME)
public class WorkflowReconciler implements Reconciler<FlyteWorkflow>, Cleaner<FlyteWorkflow> {
  public static final String NAME = "flyteworkflow";

  @Inject
  WorkflowWorkers workers;

  @Override
  public UpdateControl<FlyteWorkflow> reconcile(FlyteWorkflow wf, Context<FlyteWorkflow> context) {
    workers.attach(context.getPrimaryCache());
    workers.enqueue(wf.getMetadata().getNamespace(), wf.getMetadata().getName());
    return UpdateControl.noUpdate();
  }

  @Override
  public DeleteControl cleanup(FlyteWorkflow wf, Context<FlyteWorkflow> context) {
    workers.attach(context.getPrimaryCache());
    workers.enqueue(wf.getMetadata().getNamespace(), wf.getMetadata().getName());
    return DeleteControl.noFinalizerRemoval();
  }
}
