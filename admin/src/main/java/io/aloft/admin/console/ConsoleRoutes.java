package io.aloft.admin.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * The web console's single-page fallback (ADR 0013). Quarkus serves the built console as static files from
 * {@code META-INF/resources/console}; the console's own paths ({@code /console/projects/p/domains/d/executions/x}, the
 * links flytekit prints) are no files, so every {@code /console} path whose last segment has no dot, and every path
 * under {@code /console/projects/} (launch plan names have dots: {@code proj.gates.approve_wf}), gets
 * {@code index.html}, and the app picks its page from the URL. Other paths with a dot (the bundle's assets) go on
 * to the static files, which Quarkus serves as cacheable for a day; index.html itself is always answered here,
 * uncached, since it names the current bundle's hashed files. No authentication here: the console's files are
 * public; its API calls carry the caller's token.
 */
@ApplicationScoped
public class ConsoleRoutes {
  private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);
  static final String INDEX = "META-INF/resources/console/index.html";

  void routes(@Observes Router router) {
    Buffer index = load();
    if (index == null) {
      LOG.warnf("the web console is not in this build (no %s); /console answers 404", INDEX);
      return;
    }
    router.getWithRegex("/console(/.*)?").handler(ctx -> serve(ctx, index));
  }

  private static void serve(RoutingContext ctx, Buffer index) {
    String path = ctx.normalizedPath();
    if (path.equals("/console")) {
      ctx.redirect("/console/"); // the app's pages live under /console/
      return;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.contains(".") && !last.equals("index.html") && !path.startsWith("/console/projects/")) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(index);
  }

  private static Buffer load() {
    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(INDEX)) {
      return in == null ? null : Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }
}
