package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Tag;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.entity.ArtifactEntity;
import io.aloft.datacatalog.entity.DatasetEntity;
import io.aloft.datacatalog.repository.ArtifactRepository;
import io.aloft.datacatalog.repository.TagRepository;
import io.aloft.datacatalog.repository.TagRepository.Outcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.aloft.datacatalog.validation.CatalogValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tags (Flyte: datacatalog/pkg/manager/impl/tag_manager.go). A tag names one artifact of its dataset; adding it to
 * a newer artifact moves it there, so racing cache writers end with the tag on the newest result whatever order
 * their AddTags arrive in. Flyte's master refuses every existing tag instead; Aloft still answers ALREADY_EXISTS
 * when the tag does not move (it names this artifact already, or a newer one), which propeller ignores as it
 * ignores Flyte's. See ADR 0005.
 */
@ApplicationScoped
public class TagManager {

  @Inject
  DatasetManager datasets;

  @Inject
  ArtifactRepository artifacts;

  @Inject
  TagRepository tags;

  @Inject
  Clock clock;

  /** Tags an artifact. NOT_FOUND without the dataset or the artifact in it. */
  public void add(AddTagRequest request) {
    CatalogValidator.tag(request);
    Tag tag = request.getTag();
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    QuarkusTransaction.requiringNew().run(() -> {
      DatasetEntity dataset = datasets.require(tag.getDataset());
      ArtifactEntity artifact = artifacts.head(dataset.id, tag.getArtifactId()).orElseThrow(() ->
          CatalogException.notFound("missing entity of type Artifact with identifier " + tag.getArtifactId()
              + " in dataset " + Names.dataset(tag.getDataset())));
      if (tags.point(dataset.id, tag.getName(), artifact.id, now) == Outcome.KEPT) {
        String current = tags.artifactOf(dataset.id, tag.getName()).orElse("?");
        throw CatalogException.alreadyExists("tag " + tag.getName() + " already exists in dataset "
            + Names.dataset(tag.getDataset()) + (current.equals(tag.getArtifactId()) ? " for this artifact"
            : " for the newer artifact " + current));
      }
    });
  }
}
