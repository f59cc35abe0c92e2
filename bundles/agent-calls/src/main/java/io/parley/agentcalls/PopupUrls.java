package io.parley.agentcalls;

import io.parley.api.agent.Agent;
import io.parley.api.popup.PopupPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pop-up URLs of a call event (SPEC §13.2): every enabled page's URL with the call's
 * parameters appended as a hash fragment, {@code <url>#?mobile=…&userId=…&status=100&type=phone&…},
 * values URL-encoded.
 *
 * <pre>{@code
 * PopupUrls.of(pages, "139****8352", PopupUrls.RINGING, agent, 1000001)
 * // ["https://crm.example.com/ticket#?mobile=139****8352&userId=139****8352&nickName=&avatar=&status=100&type=phone&agentEmail=a%40x.com&…"]
 * }</pre>
 */
final class PopupUrls {

    static final int RINGING = 100;
    static final int CONNECTED = 200;
    static final int ENDED = 400;

    private PopupUrls() {
    }

    /**
     * @param customer the customer number as agents may see it (masked or mapped, §25/§26)
     * @param agent    the handling agent, or null
     */
    static List<String> of(List<PopupPage> pages, String customer, int status, Agent agent, long instanceId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mobile", customer == null ? "" : customer);
        params.put("userId", customer == null ? "" : customer);
        params.put("nickName", "");
        params.put("avatar", "");
        params.put("status", Integer.toString(status));
        params.put("type", "phone");
        params.put("agentEmail", agent == null ? "" : agent.email());
        params.put("agentMobile", agent == null || agent.phoneNumber() == null ? "" : agent.phoneNumber());
        params.put("agentNickName", agent == null ? "" : agent.nickname());
        params.put("agentRoleId", agent == null ? "" : Long.toString(agent.roleId()));
        params.put("sdkAppId", Long.toString(instanceId));
        StringBuilder fragment = new StringBuilder("#?");
        params.forEach((k, v) -> {
            if (fragment.length() > 2) {
                fragment.append('&');
            }
            fragment.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        });
        List<String> urls = new ArrayList<>();
        for (PopupPage page : pages) {
            if (page.enabled()) {
                urls.add(page.url() + fragment);
            }
        }
        return urls;
    }
}
