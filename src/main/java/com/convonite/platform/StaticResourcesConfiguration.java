package com.convonite.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web app's own files (styles, scripts, the favicon) and the webjars, each from its one folder, in
 * place of Spring Boot's catch-all {@code /**} mapping over four classpath folders
 * ({@code spring.web.resources.add-mappings=false}). With the catch-all, the resource URL encoding that the
 * webjars locator switches on looked up every link a page renders ({@code /chats/17?view=mine}, …) as a file in
 * each folder, and a miss is never cached: half of a Conversations tab's CPU went to class-path look-ups. Links
 * outside these four paths are now left alone, and an address that matches no page is a plain 404.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourcesConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").resourceChain(true);
		registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").resourceChain(true);
		registry.addResourceHandler("/favicon.ico").addResourceLocations("classpath:/static/").resourceChain(true);
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.resourceChain(true);
	}

}
