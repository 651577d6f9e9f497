package com.convonite.workspace;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.convonite.shared.AdminOnly;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Refuses an {@link AdminOnly} operation to anyone but an admin, before it reads its body or runs. */
@Configuration(proxyBeanMethods = false)
class AdminOnlyInterceptor implements WebMvcConfigurer, HandlerInterceptor {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			AdminOnly adminOnly = method.getMethodAnnotation(AdminOnly.class);
			if (adminOnly != null) {
				SignedInMemberResolver.current().requireAdmin(adminOnly.value());
			}
		}
		return true;
	}

}
