package io.parley.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method. Every method of a Parley resource carries one; a method
 * without it is refused, so a forgotten annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Allowed {

    /** The SPEC §5.2 permission the caller's role must hold, e.g. {@code skill_groups}. */
    String permission() default "";

    /**
     * Alternatively, any one of these permissions (checked when {@link #permission()} is empty),
     * for an operation two roles reach: e.g. {@code blocklist} for administrators and
     * {@code workstation} for agents adding a caller (SPEC §21, §24.2).
     */
    String[] anyOf() default {};

    /** Only the appliance administrator (instances, appliance-level resources). */
    boolean applianceAdmin() default false;

    /** Any authenticated caller (own account operations). */
    boolean anyCaller() default false;

    /** No authentication at all (health only). */
    boolean everyone() default false;
}
