package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.DatasetID;
import java.sql.SQLException;

/** How managers name things in messages, and how they recognise a lost insert race. */
final class Names {
  private Names() {}

  /** {@code project/domain/name/version} (and {@code org} if set), as messages name a dataset. */
  static String dataset(DatasetID id) {
    String base = id.getProject() + "/" + id.getDomain() + "/" + id.getName() + "/" + id.getVersion();
    return id.getOrg().isEmpty() ? base : id.getOrg() + ":" + base;
  }

  /** Whether {@code e} was caused by a unique key refusing an insert (SQL state 23505). */
  static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
