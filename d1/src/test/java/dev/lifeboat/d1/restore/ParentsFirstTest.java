package dev.lifeboat.d1.restore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParentsFirstTest {

    @Test
    void tablesMadeParentsFirstKeepTheExportsOrder() {
        ParentsFirst tables = new ParentsFirst();
        tables.table("CREATE TABLE clients (id INTEGER PRIMARY KEY)");
        tables.table("CREATE TABLE IF NOT EXISTS \"tickets\" (id INTEGER PRIMARY KEY, client INTEGER REFERENCES clients(id))");
        tables.table("CREATE TABLE invoices (id INTEGER, ticket INTEGER, FOREIGN KEY (ticket) REFERENCES \"tickets\" (id))");

        assertThat(tables.loadOrder()).isEqualTo(tables.exportOrder()).containsExactly("clients", "tickets", "invoices");
    }

    @Test
    void aTableMadeBeforeTheOneItReferencesIsFilledAfterIt() {
        ParentsFirst tables = new ParentsFirst();
        tables.table("CREATE TABLE invoices (id INTEGER, ticket INTEGER references [Tickets](id), client INTEGER REFERENCES clients)");
        tables.table("CREATE TABLE audit (note TEXT)");
        tables.table("CREATE TABLE tickets (id INTEGER PRIMARY KEY, client INTEGER REFERENCES `clients`)");
        tables.table("CREATE TABLE clients (id INTEGER PRIMARY KEY)");

        assertThat(tables.exportOrder()).containsExactly("invoices", "audit", "tickets", "clients");
        assertThat(tables.loadOrder()).containsExactly("audit", "clients", "tickets", "invoices");
    }

    @Test
    void tablesReferencingThemselvesOrEachOtherOrAMissingTableKeepTheExportsOrder() {
        ParentsFirst tables = new ParentsFirst();
        tables.table("CREATE TABLE staff (id INTEGER PRIMARY KEY, manager INTEGER REFERENCES staff(id))");
        tables.table("CREATE TABLE a (id INTEGER PRIMARY KEY, b INTEGER REFERENCES b(id))");
        tables.table("CREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a(id), gone INTEGER REFERENCES dropped(id))");

        assertThat(tables.loadOrder()).containsExactly("staff", "a", "b");
    }
}
