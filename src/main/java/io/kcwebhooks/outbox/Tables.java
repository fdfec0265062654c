package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;

/**
 * The outbox tables' names as plain SQL must write them: qualified with the schema Keycloak is
 * configured with ({@code db-schema}), as Hibernate qualifies them in its own statements.
 */
record Tables(String delivery, String attempt) {

  private static volatile Tables known;

  static Tables of(EntityManager em) {
    Tables tables = known;
    if (tables == null) {
      tables = new Tables(nameOf(em, Delivery.class), nameOf(em, Attempt.class));
      known = tables;
    }
    return tables;
  }

  private static String nameOf(EntityManager em, Class<?> entity) {
    SessionFactoryImplementor factory =
        em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class);
    AbstractEntityPersister persister =
        (AbstractEntityPersister) factory.getMappingMetamodel().getEntityDescriptor(entity);
    return persister.getTableName();
  }
}
