package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web console as admin serves it (ADR 0013): the bundle built by admin's Maven build is on the classpath, every
 * console path (the links flytekit prints) answers the app's index.html, and the assets it names are served. The
 * pages themselves are tested in a real browser by the sandbox's ConsoleIT.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ConsoleRoutesIT {
  private static final Pattern SCRIPT = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"");

  @Test
  void aDeepLinkAsFlytekitPrintsItAnswersTheAppsIndexPage() {
    for (String path : new String[] {"/console/", "/console/projects/flytesnacks/domains/development/executions/x1",
        "/console/projects/p/domains/d/executions", "/console/index.html",
        "/console/projects/p/domains/d/launchplans/proj.gates.approve_wf"}) {
      Response r = given().redirects().follow(false).get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.contentType()).as(path).startsWith("text/html");
      // uncached: it names the current bundle's hashed files, which may be cached
      assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-cache");
      assertThat(r.asString()).as(path).contains("<main id=\"app\">");
    }
  }

  @Test
  void theBundleTheIndexNamesIsServedAndNothingComesFromACdn() {
    String index = given().get("/console/projects/p/domains/d/executions/x").asString();
    Matcher m = SCRIPT.matcher(index);
    assertThat(m.find()).as(index).isTrue();
    Response js = given().get(m.group(1));
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.contentType()).contains("javascript");
    // the graph layout library is bundled, and no script or style is loaded from another host
    assertThat(js.asString()).contains("/api/v1/");
    assertThat(index).doesNotContain("http://", "https://");
  }

  @Test
  void consoleWithoutSlashRedirectsAndAMissingAssetIsNotFound() {
    Response r = given().redirects().follow(false).get("/console");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("/console/");
    assertThat(given().get("/console/assets/missing.js").statusCode()).isEqualTo(404);
  }
}
