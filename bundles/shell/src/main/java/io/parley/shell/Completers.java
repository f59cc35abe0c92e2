package io.parley.shell;

import io.parley.api.instance.Instance;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.RingingMode;
import io.parley.api.skillgroup.SkillGroup;
import io.parley.api.skillgroup.SkillGroupService;
import java.util.List;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of ids and enum values. */
public final class Completers {

    private Completers() {
    }

    /** Most pages of {@link PageRequest#MAX_PAGE_SIZE} a completer reads, so Tab stays quick. */
    private static final int MAX_PAGES = 10;

    /** Completes with the ids of every item the pages yield, page 1 upwards, until a short page. */
    private static <T> int completePaged(Function<PageRequest, List<T>> pages, Function<T, String> id,
                                         Session session, CommandLine line, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        List<T> items;
        int page = 1;
        do {
            items = pages.apply(new PageRequest(page++, PageRequest.MAX_PAGE_SIZE));
            items.forEach(item -> ids.getStrings().add(id.apply(item)));
        } while (items.size() == PageRequest.MAX_PAGE_SIZE && page <= MAX_PAGES);
        return ids.complete(session, line, candidates);
    }

    /** Skill-group ids of the default instance, described by name. */
    @Service
    public static final class SkillGroupId implements Completer {
        @Reference
        SkillGroupService groups;
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            long instance = instances.defaultInstance().id();
            return completePaged(p -> groups.list(instance, null, p).items(), (SkillGroup g) -> Long.toString(g.id()),
                    session, line, candidates);
        }
    }

    /** Hot-word ids of the default instance. */
    @Service
    public static final class HotWordId implements Completer {
        @Reference
        io.parley.api.hotword.HotWordService hotWords;
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter ids = new StringsCompleter();
            hotWords.all(instances.defaultInstance().id()).forEach(w -> ids.getStrings().add(Long.toString(w.id())));
            return ids.complete(session, line, candidates);
        }
    }

    /** SIP-phone extensions of the default instance. */
    @Service
    public static final class PhoneExtension implements Completer {
        @Reference
        io.parley.api.telephony.SipPhoneService phones;
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            long instance = instances.defaultInstance().id();
            return completePaged(p -> phones.list(instance, null, p).items(),
                    io.parley.api.telephony.SipPhone::extension, session, line, candidates);
        }
    }

    /** Agent ids of the default instance. */
    @Service
    public static final class AgentId implements Completer {
        @Reference
        io.parley.api.agent.AgentService agents;
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            long instance = instances.defaultInstance().id();
            return completePaged(p -> agents.list(instance, io.parley.api.agent.AgentFilter.NONE, p).items(),
                    io.parley.api.agent.Agent::agentId, session, line, candidates);
        }
    }

    /** Role ids of the default instance. */
    @Service
    public static final class RoleId implements Completer {
        @Reference
        io.parley.api.role.RoleService roles;
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter ids = new StringsCompleter();
            roles.list(instances.defaultInstance().id(), new PageRequest(1, PageRequest.MAX_PAGE_SIZE)).items()
                    .forEach(r -> ids.getStrings().add(Long.toString(r.id())));
            return ids.complete(session, line, candidates);
        }
    }

    /** SPEC §5.2 permission identifiers. */
    @Service
    public static final class Permissions implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter names = new StringsCompleter();
            for (io.parley.api.auth.Permission p : io.parley.api.auth.Permission.values()) {
                names.getStrings().add(p.wire());
            }
            return names.complete(session, line, candidates);
        }
    }

    @Service
    public static final class InstanceId implements Completer {
        @Reference
        InstanceService instances;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter ids = new StringsCompleter();
            for (Instance i : instances.list(new PageRequest(1, PageRequest.MAX_PAGE_SIZE)).items()) {
                ids.getStrings().add(Long.toString(i.id()));
            }
            return ids.complete(session, line, candidates);
        }
    }

    @Service
    public static final class RingingModes implements Completer {
        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            StringsCompleter modes = new StringsCompleter();
            for (RingingMode m : RingingMode.values()) {
                modes.getStrings().add(m.wire());
            }
            return modes.complete(session, line, candidates);
        }
    }
}
