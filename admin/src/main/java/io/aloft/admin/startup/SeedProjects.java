package io.aloft.admin.startup;

import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.manager.ProjectManager;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Creates {@code aloft.admin.seed-projects} at startup (after the schema migration), keeping any that exist. */
@ApplicationScoped
public class SeedProjects {
  private static final Logger LOG = Logger.getLogger(SeedProjects.class);

  void onStart(@Observes StartupEvent event, AdminConfig config, ProjectManager projects) {
    List<String> ids = config.seedProjects().orElse(List.of()).stream().map(String::trim)
        .filter(s -> !s.isEmpty()).distinct().toList();
    if (ids.isEmpty()) {
      return;
    }
    List<String> created = projects.seed(ids);
    LOG.infof("seed projects %s: created %s", ids, created);
  }
}
