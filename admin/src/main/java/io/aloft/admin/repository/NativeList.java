package io.aloft.admin.repository;

import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.SqlWhere;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;

/** Runs a list RPC's {@link ListQuery} (parameterized WHERE, ORDER BY, LIMIT/OFFSET) as one native query. */
@ApplicationScoped
public class NativeList {

  @Inject
  EntityManager em;

  /** Rows of {@code entity} selected by {@code select} (e.g. {@code SELECT t.* FROM tasks t}) and {@code q}. */
  @SuppressWarnings("unchecked")
  public <T> List<T> rows(String select, ListQuery q, Class<T> entity) {
    return (List<T>) bind(em.createNativeQuery(ordinal(select + " " + q.sql()), entity), q).getResultList();
  }

  /** Column tuples selected by {@code select} and {@code q}. */
  @SuppressWarnings("unchecked")
  public List<Object[]> tuples(String select, ListQuery q) {
    return (List<Object[]>) bind(em.createNativeQuery(ordinal(select + " " + q.sql())), q).getResultList();
  }

  /** Column tuples of {@code sql}, a whole statement that already embeds {@code q.sql()}. */
  @SuppressWarnings("unchecked")
  public List<Object[]> tuplesSql(String sql, ListQuery q) {
    return (List<Object[]>) bind(em.createNativeQuery(ordinal(sql)), q).getResultList();
  }

  private static Query bind(Query query, ListQuery q) {
    List<Object> params = q.params();
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, SqlWhere.jdbcValue(params.get(i)));
    }
    return query;
  }

  /** JDBC's {@code ?} placeholders as the ordinal {@code ?1, ?2, ...} Hibernate's native queries take. */
  static String ordinal(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    boolean quoted = false;
    for (char c : sql.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      out.append(c);
      if (c == '?' && !quoted) {
        out.append(++n);
      }
    }
    return out.toString();
  }
}
