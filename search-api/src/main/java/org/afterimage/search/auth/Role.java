package org.afterimage.search.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a key may do. Roles are sets of permissions, not a ladder: a subscriber cannot export, an exporter cannot subscribe. */
public enum Role {
    READER(EnumSet.of(Permission.READ)),
    SUBSCRIBER(EnumSet.of(Permission.READ, Permission.SUBSCRIBE)),
    EXPORTER(EnumSet.of(Permission.READ, Permission.EXPORT)),
    ADMIN(EnumSet.allOf(Permission.class));

    /** One capability an endpoint requires. */
    public enum Permission { READ, SUBSCRIBE, EXPORT, ADMIN }

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission p) {
        return permissions.contains(p);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value and the allowed ones */
    public static Role of(String s) {
        if (s != null) for (Role r : values()) if (r.id().equalsIgnoreCase(s.strip())) return r;
        throw new IllegalArgumentException("unknown role '" + s + "'; allowed: reader|subscriber|exporter|admin");
    }
}
