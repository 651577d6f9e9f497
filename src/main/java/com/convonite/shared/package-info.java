/**
 * Small building blocks every module uses: problem types, paging, request limits, the embedded database.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package com.convonite.shared;
