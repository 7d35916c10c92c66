package io.aloft.engine.cache;

import datacatalog.Datacatalog.DatasetID;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import java.util.Base64;
import java.util.List;

/**
 * What identifies one cached task result (Flyte's catalog.Key): the task, its {@code discovery_version}, its
 * interface and the inputs, minus {@code cache_ignore_input_vars}. Its catalog coordinates are computed exactly as
 * flytepropeller's datacatalog transformer does:
 * <ul>
 *   <li>dataset {@code {project, domain, "flyte_task-" + name, "<version>-<inHash8>-<outHash8>"}} where the hashes
 *       are the first 8 characters of base64url(pbhash) of the input and output VariableMaps;</li>
 *   <li>tag {@code "flyte_cached-" + base64url(pbhash(inputs))}, literals carrying a {@code hash} replaced by it.</li>
 * </ul>
 *
 * @param taskId the task's identifier (project and domain of the dataset; its version is only metadata)
 * @param cacheVersion the task's {@code metadata.discovery_version}
 * @param iface the task's interface
 * @param inputs the node's resolved inputs
 * @param cacheIgnoreInputVars inputs left out of the tag
 */
public record CacheKey(Identifier taskId, String cacheVersion, TypedInterface iface, LiteralMap inputs,
    List<String> cacheIgnoreInputVars) {
  static final String TASK_NAMESPACE = "flyte_task";
  static final String CACHED_TASK_TAG = "flyte_cached";
  static final int MAX_PARAM_HASH_LENGTH = 8;

  public CacheKey {
    cacheIgnoreInputVars = cacheIgnoreInputVars == null ? List.of() : List.copyOf(cacheIgnoreInputVars);
    inputs = inputs == null ? LiteralMap.getDefaultInstance() : inputs;
    iface = iface == null ? TypedInterface.getDefaultInstance() : iface;
  }

  /** The key of {@code task} run with {@code inputs}. */
  public static CacheKey of(TaskTemplate task, LiteralMap inputs) {
    return new CacheKey(task.getId(), task.getMetadata().getDiscoveryVersion(), task.getInterface(), inputs,
        task.getMetadata().getCacheIgnoreInputVarsList());
  }

  /** The dataset (GenerateDatasetIDForTask). */
  public DatasetID datasetId() {
    String version = trimSpaces(cacheVersion == null ? "" : cacheVersion);
    if (version.isEmpty()) {
      throw new IllegalArgumentException("task " + taskId.getName() + " cannot have an empty discovery version");
    }
    String in = shortHash(iface.getInputs());
    String out = shortHash(iface.getOutputs());
    return DatasetID.newBuilder().setProject(taskId.getProject()).setDomain(taskId.getDomain())
        .setName(TASK_NAMESPACE + "-" + taskId.getName()).setVersion(version + "-" + in + "-" + out).build();
  }

  /** The dataset id as Flyte reports it in events (DatasetIDToIdentifier). */
  public Identifier datasetIdentifier() {
    return datasetIdentifier(datasetId());
  }

  static Identifier datasetIdentifier(DatasetID d) {
    return Identifier.newBuilder().setResourceType(ResourceType.DATASET).setProject(d.getProject())
        .setDomain(d.getDomain()).setName(d.getName()).setVersion(d.getVersion()).build();
  }

  /** The artifact tag (GenerateArtifactTagName). */
  public String tag() {
    return CACHED_TASK_TAG + "-" + hashLiteralMap(inputs, cacheIgnoreInputVars);
  }

  /** catalog.HashLiteralMap: base64url (unpadded) of the pbhash of the hashified inputs. */
  public static String hashLiteralMap(LiteralMap inputs, List<String> ignore) {
    LiteralMap.Builder b = LiteralMap.newBuilder();
    inputs.getLiteralsMap().forEach((name, lit) -> {
      if (!ignore.contains(name)) {
        b.putLiterals(name, hashify(lit));
      }
    });
    return Base64.getUrlEncoder().withoutPadding().encodeToString(PbHash.compute(b.build()));
  }

  /** The literal with its value replaced by its {@code hash} where one is set, through collections and maps. */
  static Literal hashify(Literal l) {
    if (!l.getHash().isEmpty()) {
      return Literal.newBuilder().setHash(l.getHash()).build();
    }
    if (l.hasCollection()) {
      LiteralCollection.Builder c = LiteralCollection.newBuilder();
      for (Literal e : l.getCollection().getLiteralsList()) {
        c.addLiterals(hashify(e));
      }
      return Literal.newBuilder().setCollection(c).build();
    }
    if (l.hasMap()) {
      LiteralMap.Builder m = LiteralMap.newBuilder();
      l.getMap().getLiteralsMap().forEach((k, v) -> m.putLiterals(k, hashify(v)));
      return Literal.newBuilder().setMap(m).build();
    }
    return l;
  }

  private static String shortHash(VariableMap vars) {
    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(PbHash.compute(vars));
    return s.length() > MAX_PARAM_HASH_LENGTH ? s.substring(0, MAX_PARAM_HASH_LENGTH) : s;
  }

  /** Go's strings.Trim(s, " "): spaces only. */
  private static String trimSpaces(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == ' ') {
      b--;
    }
    return s.substring(a, b);
  }
}
