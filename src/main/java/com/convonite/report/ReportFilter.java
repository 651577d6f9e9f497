package com.convonite.report;

import java.util.List;

/**
 * The filters every report takes: its period, purposes and owners (empty means any) and a contact (null means any).
 */
public record ReportFilter(ReportPeriod period, List<Long> purposeIds, List<Long> ownerIds, Long contactId) {

	ReportFilter inPeriod(ReportPeriod other) {
		return new ReportFilter(other, this.purposeIds, this.ownerIds, this.contactId);
	}

}
