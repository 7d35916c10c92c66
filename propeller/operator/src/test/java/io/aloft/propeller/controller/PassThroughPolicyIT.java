package io.aloft.propeller.controller;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The {@code PassThrough} workflow-store policy runs a workflow to success. */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(WorkflowStorePolicies.PassThroughProfile.class)
class PassThroughPolicyIT extends WorkflowStorePolicies.Scenario {
  @Override
  String policy() {
    return "PassThrough";
  }
}
