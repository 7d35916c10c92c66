package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.core.Execution.WorkflowExecution;
import io.aloft.testkit.browser.Chromium;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console with admin's authentication on (Self mode, AuthIT's profile and client), in a real browser: the
 * executions page's API call answers 401, the console shows its sign-in form, a wrong secret is refused in the form,
 * the right one gets a token from the token endpoint the metadata names, and the page's call is retried with it and
 * lists the executions. The console's files themselves are public (no token asked for the page or its bundle).
 */
@QuarkusTest
@TestProfile(AuthIT.AuthOn.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ConsoleSignInIT extends AdminGrpcTestBase {
  private static final String PROJECT = "console-auth";

  @Inject
  EntityManager em;

  ChromeDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = Chromium.start();
  }

  @AfterEach
  void stopBrowser() {
    browser.quit();
  }

  @Test
  void theExecutionsPageAsksForAClientAndListsTheExecutionsOnceSignedIn() {
    String token = given().formParams("grant_type", "client_credentials", "client_id", AuthIT.CLIENT,
        "client_secret", AuthIT.SECRET).post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    Metadata bearer = new Metadata();
    bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    createOrExisting(() -> admin.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
        .registerProject(ProjectRegisterRequest.newBuilder().setProject(Project.newBuilder().setId(PROJECT)
            .setName("Console auth")).build()));
    ExecutionRows.create(em, ExecutionRows.id(PROJECT, "signed-in-run"), "propeller", WorkflowExecution.Phase.QUEUED);

    int http = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    browser.get("http://127.0.0.1:" + http + "/console/projects/" + PROJECT + "/domains/development/executions");
    await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("sign-in")).isEmpty());
    assertThat(rows()).isEmpty();

    signIn("not-the-secret");
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("sign-in-error")).isDisplayed());
    assertThat(browser.findElement(By.id("sign-in-error")).getText()).contains("wrong secret");
    assertThat(rows()).isEmpty();

    signIn(AuthIT.SECRET);
    assertThat(await().atMost(Duration.ofSeconds(10)).until(this::rows, r -> !r.isEmpty()))
        .containsExactly("signed-in-run");
    assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
    assertThat(browser.executeScript("return sessionStorage.getItem('aloft.token')")).isNotNull();

    // the token stays for the tab: another page opens with no form
    browser.get("http://127.0.0.1:" + http + "/console/projects/" + PROJECT + "/domains/development/executions");
    assertThat(await().atMost(Duration.ofSeconds(10)).until(this::rows, r -> !r.isEmpty()))
        .containsExactly("signed-in-run");
    assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
  }

  private void signIn(String secret) {
    for (String field : new String[] {"client-id", "client-secret"}) {
      browser.findElement(By.id(field)).clear();
    }
    browser.findElement(By.id("client-id")).sendKeys(AuthIT.CLIENT);
    browser.findElement(By.id("client-secret")).sendKeys(secret);
    browser.findElement(By.id("sign-in-submit")).click();
  }

  /** The listed executions' names, read in one script (as the sandbox's ConsoleIT does). */
  @SuppressWarnings("unchecked")
  private List<String> rows() {
    return (List<String>) browser.executeScript("return [...document.querySelectorAll('tr[data-execution]')]"
        + ".map(r => r.dataset.execution);");
  }
}
