package com.convonite;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class ConvoniteApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConvoniteApplication.class, args);
	}

}
