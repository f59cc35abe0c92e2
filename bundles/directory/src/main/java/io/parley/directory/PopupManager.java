package io.parley.directory;

import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.error.TextRules;
import io.parley.api.instance.InstanceService;
import io.parley.api.popup.PopupDraft;
import io.parley.api.popup.PopupPage;
import io.parley.api.popup.PopupService;
import io.parley.api.store.PopupStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Pop-up pages with the rules of SPEC §13.1: name 1..20, an https URL (without a fragment, since
 * the appliance appends the call parameters as one), width 200..2000 pixels or default, at most
 * 10 per instance, disabled until enabled.
 */
@Component(service = PopupService.class)
public class PopupManager implements PopupService {

    static final int NAME_MAX = 20;
    static final int URL_MAX = 2000;
    static final int WIDTH_MIN = 200;
    static final int WIDTH_MAX = 2000;

    private final PopupStore store;
    private final InstanceService instances;

    @Activate
    public PopupManager(@Reference PopupStore store, @Reference InstanceService instances) {
        this.store = store;
        this.instances = instances;
    }

    @Override
    public PopupPage create(long instanceId, PopupDraft d) {
        instances.get(instanceId);
        String name = TextRules.required("name", d.name(), NAME_MAX);
        String url = url(d.url());
        Integer width = width(d.width());
        if (store.list(instanceId).size() >= MAX_PAGES) {
            throw new ConflictException(null, "the instance has " + MAX_PAGES + " pop-up pages already (at most "
                    + MAX_PAGES + "); delete one first");
        }
        return store.insert(new PopupPage(0, instanceId, name, url, width, d.alwaysVisible() != null && d.alwaysVisible(),
                d.enabled() != null && d.enabled(), 0));
    }

    @Override
    public List<PopupPage> list(long instanceId) {
        instances.get(instanceId);
        return store.list(instanceId);
    }

    @Override
    public PopupPage get(long instanceId, long id) {
        instances.get(instanceId);
        return store.find(instanceId, id).orElseThrow(() -> new NotFoundException("pop-up page", id));
    }

    @Override
    public PopupPage edit(long instanceId, long id, PopupDraft c) {
        PopupPage current = get(instanceId, id);
        PopupPage updated = new PopupPage(id, instanceId,
                c.name() == null ? current.name() : TextRules.required("name", c.name(), NAME_MAX),
                c.url() == null ? current.url() : url(c.url()),
                c.width() == null ? current.width() : width(c.width()),
                c.alwaysVisible() == null ? current.alwaysVisible() : c.alwaysVisible(),
                c.enabled() == null ? current.enabled() : c.enabled(), current.order());
        if (!store.update(updated)) {
            throw new NotFoundException("pop-up page", id);
        }
        return updated;
    }

    @Override
    public void delete(long instanceId, long id) {
        get(instanceId, id);
        if (!store.delete(instanceId, id)) {
            throw new NotFoundException("pop-up page", id);
        }
    }

    @Override
    public PopupPage moveUp(long instanceId, long id) {
        return move(instanceId, id, -1);
    }

    @Override
    public PopupPage moveDown(long instanceId, long id) {
        return move(instanceId, id, 1);
    }

    private PopupPage move(long instanceId, long id, int step) {
        PopupPage page = get(instanceId, id);
        List<PopupPage> pages = store.list(instanceId);
        int target = page.order() - 1 + step;
        if (target < 0 || target >= pages.size()) {
            throw new ConflictException("order", "pop-up page " + id + " is " + (step < 0 ? "first" : "last") + " already");
        }
        store.swap(instanceId, id, pages.get(target).id());
        return get(instanceId, id);
    }

    static String url(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidException("url", "is required: an https:// URL");
        }
        String v = value.strip();
        try {
            URI uri = new URI(v);
            if (v.length() <= URL_MAX && "https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidException("url", "must be an https:// URL with a host, no user info and no #fragment "
                + "(the call parameters are appended as one), at most " + URL_MAX + " characters");
    }

    /** Pixels 200..2000, or the string {@code default} (null). */
    static Integer width(Object value) {
        if (value == null || "default".equals(value)) {
            return null;
        }
        if (value instanceof Integer w && w >= WIDTH_MIN && w <= WIDTH_MAX) {
            return w;
        }
        throw new InvalidException("width", "must be default or " + WIDTH_MIN + ".." + WIDTH_MAX + " pixels");
    }
}
