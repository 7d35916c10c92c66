package io.aloft.propeller.launch;

import com.google.protobuf.BoolValue;
import flyteidl.admin.Common.Annotations;
import flyteidl.admin.Common.Envs;
import flyteidl.admin.Common.Labels;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataResponse;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.KeyValuePair;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.crd.WorkflowLabels;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.event.EventException;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.LaunchContext;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import io.aloft.propeller.config.PropellerConfig.AdminLauncherConfig;
import io.aloft.propeller.events.AdminEventSink;
import io.aloft.propeller.launch.ChildStatusCache.Child;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The launcher of launch-plan nodes' child executions, served by admin (flytepropeller's adminLaunchPlanExecutor,
 * {@code nodes/subworkflow/launchplan/admin.go}). Every call to admin takes a token from the {@link AdminRateLimiter};
 * child status comes from the {@link ChildStatusCache}, which syncs non-terminal children in the background and queues
 * the parent workflow when one ends.
 */
public final class AdminLauncher implements Launcher, AutoCloseable {
  private final AdminServiceBlockingStub admin;
  private final AdminRateLimiter limiter;
  private final BlobStore blobs;
  private final LauncherMetrics metrics;
  private final Duration callTimeout;
  private final ChildStatusCache cache;

  /**
   * Starts the status cache's resync and workers.
   *
   * @param blobs where outputs are read from when admin does not return them inline
   * @param enqueueWorkflow queues a parent workflow by its {@code namespace/name}
   * @param callTimeout deadline of each call to admin
   */
  public AdminLauncher(AdminServiceBlockingStub admin, AdminLauncherConfig config, AdminRateLimiter limiter,
      BlobStore blobs, Consumer<String> enqueueWorkflow, LauncherMetrics metrics, Duration callTimeout) {
    this.admin = admin;
    this.limiter = limiter;
    this.blobs = blobs;
    this.metrics = metrics;
    this.callTimeout = callTimeout;
    this.cache = new ChildStatusCache(config.cacheSize(), config.workers(), config.cacheResyncDuration(), this::sync,
        enqueueWorkflow);
    metrics.cache(cache);
  }

  @Override
  public void launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap inputs,
      String parentWorkflowKey) throws RemoteException {
    ExecutionCreateRequest request = createRequest(ctx, child, launchPlan, inputs);
    try {
      limiter.call(() -> stub().createExecution(request));
      metrics.launch("created");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        RemoteException error = RemoteErrors.userOrSystem("failed to launch workflow [" + launchPlan.getName()
            + "] as " + child.getName(), e);
        metrics.launch(error.kind() == RemoteException.Kind.SYSTEM ? "system_error" : "user_error");
        throw error;
      }
      // launched before (a round that did not record it, a restart): follow the existing execution
      metrics.launch("adopted");
    } catch (RemoteException e) {
      metrics.launch("system_error");
      throw e;
    }
    cache.register(child, parentWorkflowKey);
  }

  /** CreateExecution's request for {@code child} (Flyte's Launch). */
  static ExecutionCreateRequest createRequest(LaunchContext ctx, WorkflowExecutionIdentifier child,
      Identifier launchPlan, LiteralMap inputs) {
    ExecutionMetadata.Builder metadata = ExecutionMetadata.newBuilder()
        .setMode(ExecutionMetadata.ExecutionMode.CHILD_WORKFLOW).setNesting(ctx.nestingLevel() + 1);
    if (ctx.principal() != null) {
      metadata.setPrincipal(ctx.principal());
    }
    if (ctx.parentNodeExecution() != null) {
      metadata.setParentNodeExecution(ctx.parentNodeExecution());
    }
    // the shard key is computed anew for the child's own name, never inherited
    Labels.Builder labels = Labels.newBuilder();
    orEmpty(ctx.labels()).forEach((k, v) -> {
      if (!WorkflowLabels.SHARD_KEY.equals(k)) {
        labels.putValues(k, v);
      }
    });
    Envs.Builder envs = Envs.newBuilder();
    new TreeMap<>(orEmpty(ctx.environmentVariables())).forEach((k, v) ->
        envs.addValues(KeyValuePair.newBuilder().setKey(k).setValue(v)));
    ExecutionSpec.Builder spec = ExecutionSpec.newBuilder().setLaunchPlan(launchPlan).setMetadata(metadata)
        .setLabels(labels).setAnnotations(Annotations.newBuilder().putAllValues(orEmpty(ctx.annotations())))
        .setMaxParallelism(ctx.maxParallelism()).setOverwriteCache(ctx.overwriteCache()).setEnvs(envs);
    if (ctx.securityContext() != null) {
      spec.setSecurityContext(ctx.securityContext());
    }
    if (ctx.rawOutputDataConfig() != null) {
      spec.setRawOutputDataConfig(ctx.rawOutputDataConfig());
    }
    if (ctx.interruptible() != null) {
      spec.setInterruptible(BoolValue.of(ctx.interruptible()));
    }
    return ExecutionCreateRequest.newBuilder().setProject(child.getProject()).setDomain(child.getDomain())
        .setName(child.getName()).setOrg(child.getOrg()).setSpec(spec)
        .setInputs(inputs == null ? LiteralMap.getDefaultInstance() : inputs).build();
  }

  @Override
  public ChildStatus status(WorkflowExecutionIdentifier child, String parentWorkflowKey) throws RemoteException {
    Child c = cache.get(child, parentWorkflowKey);
    if (c.error() != null) {
      throw new RemoteException(c.error().kind(), c.error().getMessage(), c.error());
    }
    return c.status();
  }

  @Override
  public void kill(WorkflowExecutionIdentifier child, String reason) throws RemoteException {
    ExecutionTerminateRequest request = ExecutionTerminateRequest.newBuilder().setId(child)
        .setCause(reason == null ? "" : reason).build();
    try {
      limiter.call(() -> stub().terminateExecution(request));
      metrics.kill("terminated");
    } catch (StatusRuntimeException e) {
      EventException.Reason refusal = AdminEventSink.classify(e).reason();
      if (refusal == EventException.Reason.EXECUTION_NOT_FOUND) {
        metrics.kill("not_found");
      } else if (refusal == EventException.Reason.ALREADY_IN_TERMINAL_STATE) {
        metrics.kill("already_terminal");
      } else {
        metrics.kill("error");
        throw new RemoteException(RemoteException.Kind.SYSTEM, "failed to terminate child execution "
            + child.getName() + ": " + RemoteErrors.describe(e), e);
      }
    } catch (RemoteException e) {
      metrics.kill("error");
      throw e;
    }
  }

  @Override
  public LaunchPlan launchPlan(Identifier id) throws RemoteException {
    try {
      return limiter.call(() -> stub().getLaunchPlan(ObjectGetRequest.newBuilder().setId(id).build()));
    } catch (StatusRuntimeException e) {
      throw RemoteErrors.notFoundOrSystem("launch plan " + id.getProject() + ":" + id.getDomain() + ":"
          + id.getName() + ":" + id.getVersion(), e);
    }
  }

  /** One child's sync (Flyte's syncItem): its execution, and its outputs once it succeeded. Never throws. */
  private Child sync(Child child) {
    try {
      Execution execution = limiter.call(() -> stub().getExecution(WorkflowExecutionGetRequest.newBuilder()
          .setId(child.id()).build()));
      ExecutionClosure closure = execution.getClosure();
      ChildStatus status = switch (closure.getPhase()) {
        case SUCCEEDED -> new ChildStatus(closure.getPhase(), null, null, outputs(child.id(), closure));
        case FAILED, TIMED_OUT -> new ChildStatus(closure.getPhase(), closure.getError(), null, null);
        case ABORTED -> new ChildStatus(closure.getPhase(), null, abortCause(closure), null);
        default -> new ChildStatus(closure.getPhase(), null, null, null);
      };
      metrics.sync("success");
      return child.synced(status);
    } catch (StatusRuntimeException e) {
      RemoteException error = RemoteErrors.notFoundOrSystem("child execution " + child.id().getName(), e);
      metrics.sync(error.kind() == RemoteException.Kind.NOT_FOUND ? "not_found" : "failure");
      return child.failed(error);
    } catch (RemoteException e) {
      metrics.sync("failure");
      return child.failed(e);
    } catch (RuntimeException e) {
      metrics.sync("failure");
      return child.failed(new RemoteException(RemoteException.Kind.SYSTEM, "syncing child execution "
          + child.id().getName() + " failed: " + e, e));
    }
  }

  /**
   * A succeeded child's outputs: GetExecutionData's full outputs, else the closure's outputs URI read from the blob
   * store (admin does not inline large outputs), else none.
   */
  private LiteralMap outputs(WorkflowExecutionIdentifier id, ExecutionClosure closure) throws RemoteException {
    StatusRuntimeException dataError = null;
    try {
      WorkflowExecutionGetDataResponse data = limiter.call(() -> stub().getExecutionData(
          WorkflowExecutionGetDataRequest.newBuilder().setId(id).build()));
      if (data.getFullOutputs().getLiteralsCount() > 0) {
        return data.getFullOutputs();
      }
    } catch (StatusRuntimeException e) {
      dataError = e;
    }
    String uri = closure.getOutputs().getUri();
    if (!uri.isEmpty()) {
      try {
        return blobs.readProto(uri, LiteralMap.parser()).orElseThrow(() -> new RemoteException(
            RemoteException.Kind.SYSTEM, "the outputs of child execution " + id.getName() + " are missing at " + uri));
      } catch (RuntimeException e) {
        throw new RemoteException(RemoteException.Kind.SYSTEM, "cannot read the outputs of child execution "
            + id.getName() + " at " + uri + ": " + e.getMessage(), e);
      }
    }
    if (dataError != null) {
      throw new RemoteException(RemoteException.Kind.SYSTEM, "cannot get the outputs of child execution "
          + id.getName() + ": " + RemoteErrors.describe(dataError), dataError);
    }
    return LiteralMap.getDefaultInstance();
  }

  @SuppressWarnings("deprecation")
  private static String abortCause(ExecutionClosure closure) {
    return closure.hasAbortMetadata() ? closure.getAbortMetadata().getCause() : closure.getAbortCause();
  }

  private AdminServiceBlockingStub stub() {
    return admin.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  /** Children cached now (tests). */
  long cachedChildren() {
    return cache.size();
  }

  /** Syncs every non-terminal child now, as the next resync would (tests). */
  void resyncNow() {
    cache.resync();
  }

  @Override
  public void close() {
    cache.close();
  }
}
