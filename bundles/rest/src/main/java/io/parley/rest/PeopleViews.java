package io.parley.rest;

import io.parley.api.agent.Agent;
import io.parley.api.agent.ImportResult;
import io.parley.api.agent.IssuedAgent;
import io.parley.api.auth.Permission;
import io.parley.api.role.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of agents (SPEC §4) and roles (§5). */
final class PeopleViews {

    private PeopleViews() {
    }

    @Schema(name = "Role", description = "SPEC §5.1; skill_group_scope lists only the scoped permissions (others: all)")
    record RoleView(long id, String name, boolean builtin, String builtinKind, List<String> permissions,
                    Map<String, Object> skillGroupScope, long memberCount) {
        static RoleView of(Role r) {
            Map<String, Object> scope = new LinkedHashMap<>();
            for (Permission p : Role.SCOPABLE) {
                if (r.permissions().contains(p)) {
                    scope.put(p.wire(), r.skillGroupScope().containsKey(p)
                            ? r.skillGroupScope().get(p).stream().sorted().toList() : "all");
                }
            }
            return new RoleView(r.id(), r.name(), r.isBuiltin(), r.isBuiltin() ? r.builtin().wire() : null,
                    r.permissions().stream().map(Permission::wire).toList(), scope, r.memberCount());
        }
    }

    @Schema(name = "RoleWrite", description = "create: name, permissions and member_agent_ids required; edit: all optional")
    record RoleWrite(@Schema(maxLength = 32) String name,
                     @Schema(description = "SPEC §5.2 identifiers, at least one") List<String> permissions,
                     @Schema(description = "permission → \"all\" or [skill group ids]; only overview, analytics.*, "
                             + "records.*, monitoring.*") Map<String, Object> skillGroupScope,
                     @Schema(description = "agents moved to this role (an agent holds exactly one role)")
                     List<String> memberAgentIds) {
    }

    @Schema(name = "Agent", description = "SPEC §4.1")
    record AgentView(String agentId, String name, String nickname, String email, long roleId,
                     List<Long> skillGroupIds, String phoneNumber, String mobileAnswering, String accountState,
                     String lastOnlineAt, String presence, String createdAt) {
        static AgentView of(Agent a) {
            return new AgentView(a.agentId(), a.name(), a.nickname(), a.email(), a.roleId(), a.skillGroupIds(),
                    a.phoneNumber(), a.mobileAnswering().wire(), a.accountState().wire(),
                    a.lastOnlineAt() == null ? null : a.lastOnlineAt().toString(), "offline", a.createdAt().toString());
        }
    }

    @Schema(name = "IssuedAgent", description = "The agent and its new password: mailed to the agent when an SMTP "
            + "relay is configured (password null), otherwise shown here once")
    record IssuedAgentView(AgentView agent, String password, boolean mailed, String delivery) {
        static IssuedAgentView of(IssuedAgent i) {
            return new IssuedAgentView(AgentView.of(i.agent()), i.password(), i.mailed(),
                    i.mailed() ? "sent to " + i.agent().email() : "returned once in this answer");
        }
    }

    @Schema(name = "AgentWrite", description = "create: agent_id, name, nickname, email, role_id required. Edit: only "
            + "name, nickname, role_id, skill_group_ids, phone_number, mobile_answering (agent_id/email change: 422)")
    record AgentWrite(@Schema(pattern = "^[0-9]{1,20}$") String agentId,
                      @Schema(maxLength = 32) String name,
                      @Schema(maxLength = 32) String nickname,
                      @Schema(description = "RFC 5322, unique appliance-wide; the login name") String email,
                      Long roleId,
                      List<Long> skillGroupIds,
                      @Schema(description = "+ or 00, country code, number; null on edit removes it") String phoneNumber,
                      @Schema(allowableValues = {"off", "when_offline", "always"}) String mobileAnswering) {
    }

    @Schema(name = "AgentImportResult", description = "every row created, or none and the errors by line and column")
    record ImportView(List<IssuedAgentView> created, List<RowErrorView> errors) {
        static ImportView of(ImportResult r) {
            return new ImportView(r.created().stream().map(IssuedAgentView::of).toList(),
                    r.errors().stream().map(e -> new RowErrorView(e.line(), e.field(), e.message())).toList());
        }
    }

    @Schema(name = "AgentImportRowError")
    record RowErrorView(int line, String field, String message) {
    }

    @Schema(name = "SkillGroupMembersWrite", description = "[{agent_id, priority 1..5 (default 3)}]")
    record MembersWrite(List<MemberWrite> agents) {
    }

    @Schema(name = "SkillGroupMemberWrite")
    record MemberWrite(String agentId, @Schema(minimum = "1", maximum = "5") Integer priority) {
    }
}
