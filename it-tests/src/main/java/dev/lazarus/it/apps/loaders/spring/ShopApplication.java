package dev.lazarus.it.apps.loaders.spring;

import dev.lazarus.it.apps.loaders.OrderDesk;
import dev.lazarus.it.apps.loaders.ShopRounds;
import dev.lazarus.it.apps.loaders.Warehouse;
import dev.lazarus.it.apps.support.Ledger;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The shop as a Spring Boot application, packed by the test into an executable fat jar
 * ({@code java -jar shop.jar first|second}, see {@link ShopRounds}): Spring Boot's launcher loads it from
 * {@code BOOT-INF/classes} with its own class loader. The durable {@link OrderDesk} is a Spring bean
 * that Spring constructs (so automatic recovery resumes on it) and injects into the runner.
 */
@SpringBootApplication
public class ShopApplication {

    /** @return the outside world, named after the application's class loader */
    @Bean
    public Warehouse warehouse() {
        return new Warehouse(Ledger.fromSystemProperty(), ShopRounds.shopOf(ShopApplication.class.getClassLoader()));
    }

    /**
     * @param warehouse the outside world
     * @return the durable bean
     */
    @Bean
    public OrderDesk orderDesk(Warehouse warehouse) {
        return new OrderDesk(warehouse);
    }

    /**
     * @param desk the durable bean
     * @param warehouse for the shop's name
     * @return the runner that plays the round named by the first argument
     */
    @Bean
    public ApplicationRunner rounds(OrderDesk desk, Warehouse warehouse) {
        return args -> ShopRounds.run(desk, warehouse.shop(), args.getSourceArgs()[0]);
    }

    /** @param args the round: {@code first} or {@code second} */
    public static void main(String[] args) {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        System.exit(SpringApplication.exit(SpringApplication.run(ShopApplication.class, args)));
    }
}
