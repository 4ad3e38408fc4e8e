package dev.lazarus.it.apps.loaders;

/**
 * The application's own result type of the durable method: the journal must rebuild it with the
 * application's class loader, which only that loader can see.
 *
 * @param order the order id (the execution key)
 * @param item what the warehouse reserved
 * @param decision the approval the execution waited for
 * @param parcel what the warehouse shipped
 */
public record Receipt(String order, String item, Decision decision, String parcel) {}
