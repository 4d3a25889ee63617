package nl.dkgw.routes.schema;

import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import nl.dkgw.routes.config.FlowsConfig;
import nl.dkgw.routes.delivery.InboundTable;
import nl.dkgw.routes.source.OutboxTable;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The routes module's migration of the flows database: the outbox tables the configured flows read and the tables
 * they deliver into, created when missing (an existing table, perhaps made by the internal system, is left as it is).
 * The names come from the configuration, so this is a repeatable migration whose checksum is the set of tables:
 * Flyway runs it again exactly when a table is added to the configuration.
 */
final class FlowTables implements JavaMigration {

    private final List<String> ddl = new ArrayList<>();
    private final int checksum;

    FlowTables(FlowsConfig config) {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, FlowsConfig.FlowConfig> e : config.definitions().entrySet()) {
            FlowsConfig.FlowConfig flow = e.getValue();
            if (flow.send() != null
                    && flow.send().sources().outboxTable() != null
                    && names.add("outbox " + flow.send().sources().outboxTable())) {
                ddl.add(OutboxTable.ddl(flow.send().sources().outboxTable()));
            }
            if (flow.receive() != null
                    && flow.receive().deliverTo().table() != null
                    && names.add("inbound " + flow.receive().deliverTo().table())) {
                ddl.add(InboundTable.ddl(flow.receive().deliverTo().table()));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(String.join(",", names).getBytes(StandardCharsets.UTF_8));
        checksum = (int) crc.getValue();
    }

    boolean isEmpty() {
        return ddl.isEmpty();
    }

    @Override
    public MigrationVersion getVersion() {
        return null;
    }

    @Override
    public String getDescription() {
        return "flow tables";
    }

    @Override
    public Integer getChecksum() {
        return checksum;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            for (String statement : ddl) {
                s.execute(statement);
            }
        }
    }
}
