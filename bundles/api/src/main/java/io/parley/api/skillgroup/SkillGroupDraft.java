package io.parley.api.skillgroup;

/**
 * The fields a caller supplies to create a skill group or to change one. Each field is
 * {@code null} when the caller did not give it; enum-valued fields are carried as the
 * caller wrote them so that the service, not each front end, names the rule they break.
 * For an edit, {@code clearExtension} distinguishes "remove the extension" from "leave it".
 *
 * <pre>{@code
 * SkillGroupDraft create = SkillGroupDraft.named("Sales").withRingingMode("simultaneous");
 * SkillGroupDraft rename = SkillGroupDraft.named("Inside sales");
 * }</pre>
 */
public record SkillGroupDraft(String name, String ringingMode, Integer receptionLimit, String extension,
                              boolean clearExtension) {

    /** A draft that sets only the name. */
    public static SkillGroupDraft named(String name) {
        return new SkillGroupDraft(name, null, null, null, false);
    }

    public SkillGroupDraft withRingingMode(String mode) {
        return new SkillGroupDraft(name, mode, receptionLimit, extension, clearExtension);
    }

    public SkillGroupDraft withReceptionLimit(Integer limit) {
        return new SkillGroupDraft(name, ringingMode, limit, extension, clearExtension);
    }

    public SkillGroupDraft withExtension(String ext) {
        return new SkillGroupDraft(name, ringingMode, receptionLimit, ext, false);
    }

    public SkillGroupDraft withoutExtension() {
        return new SkillGroupDraft(name, ringingMode, receptionLimit, null, true);
    }
}
