package io.aloft.engine.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Parser;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.DynamicJob.DynamicJobSpec;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.engine.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of src/test/resources/dynamic-futures: a @dynamic task that flytekit ran as a pod would, with the
 * futures.pb it wrote, its own template and the launch plans admin serves for it (see that directory's README).
 */
record DynamicFixtures(String name, DynamicJobSpec futures, byte[] futuresBytes, TaskTemplate parentTask,
    List<LaunchPlan> launchPlans) {
  /** The execution and node the fixtures' dynamic task ran as (generate_futures.py's EXECUTION and NODE). */
  static final WorkflowExecutionIdentifier EXECUTION = WorkflowExecutionIdentifier.newBuilder()
      .setProject("flytesnacks").setDomain("development").setName("dynfixture").build();
  static final String NODE = "n0";

  static DynamicFixtures load(String name) {
    byte[] futures = bytes(name + "/futures.pb");
    List<LaunchPlan> lps = new ArrayList<>();
    for (int i = 0; DynamicFixtures.class.getResource(path(name + "/launch_plans/" + lp(i))) != null; i++) {
      lps.add(parse(name + "/launch_plans/" + lp(i), LaunchPlan.parser()));
    }
    return new DynamicFixtures(name, parse(name + "/futures.pb", DynamicJobSpec.parser()), futures,
        parse(name + "/parent-task.pb", TaskTemplate.parser()), List.copyOf(lps));
  }

  /** The parent of attempt 0 of node {@link #NODE}. */
  /** The inputs the dynamic task ran with (inputs.pb). */
  flyteidl.core.Literals.LiteralMap inputs() {
    return parse(name + "/inputs.pb", flyteidl.core.Literals.LiteralMap.parser());
  }

  DynamicParent parent() {
    return new DynamicParent(EXECUTION, NODE, 0, parentTask);
  }

  /** A launch plan source serving this case's launch plans and counting the calls. */
  CountingLaunchPlans launchPlanSource() {
    return new CountingLaunchPlans(launchPlans);
  }

  /** Serves fixed launch plans (NOT_FOUND for any other id) and counts the calls per id. */
  static final class CountingLaunchPlans implements LaunchPlanSource {
    final Map<Identifier, LaunchPlan> byId = new LinkedHashMap<>();
    final List<Identifier> calls = new ArrayList<>();

    CountingLaunchPlans(List<LaunchPlan> lps) {
      lps.forEach(lp -> byId.put(lp.getId(), lp));
    }

    @Override
    public LaunchPlan launchPlan(Identifier id) throws RemoteException {
      calls.add(id);
      LaunchPlan lp = byId.get(id);
      if (lp == null) {
        throw new RemoteException(RemoteException.Kind.NOT_FOUND, "missing entity of type LAUNCH_PLAN with id "
            + id.getName());
      }
      return lp;
    }
  }

  private static String lp(int i) {
    return String.format("%02d.pb", i);
  }

  private static String path(String rel) {
    return "/dynamic-futures/" + rel;
  }

  private static byte[] bytes(String rel) {
    try (InputStream in = DynamicFixtures.class.getResourceAsStream(path(rel))) {
      assertThat(in).as(rel).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(rel, e);
    }
  }

  private static <T> T parse(String rel, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes(rel));
    } catch (IOException e) {
      throw new IllegalStateException(rel, e);
    }
  }
}
