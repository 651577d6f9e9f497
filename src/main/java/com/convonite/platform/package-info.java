/**
 * Machinery that is no product rule, shared by the modules: cross-instance signals over PostgreSQL
 * {@code LISTEN/NOTIFY} (live updates and cache eviction on every instance), the instance's id, the mapping of
 * static files. Depends on no
 * other module of the product.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package com.convonite.platform;
