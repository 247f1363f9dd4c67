import type { ResolveFn, Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth.guard';
import { ShellComponent } from './shell/shell.component';

const ticketTitle: ResolveFn<string> = (route) => `Ticket #${route.paramMap.get('ticketId') ?? ''}`;

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [guestGuard],
    loadComponent: () => import('./sign-in/sign-in-page.component').then((m) => m.SignInPageComponent),
  },
  {
    // Opened by Halo in a ticket tab (iframe): no admin chrome, signs in in place, so no guard.
    path: 'technician-pod/psa/:integrationId/ticket/:ticketId',
    title: ticketTitle,
    loadComponent: () =>
      import('./features/technician-pod/technician-pod-page.component').then((m) => m.TechnicianPodPageComponent),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'integrations' },
      {
        path: 'integrations',
        title: 'Integrations',
        loadComponent: () =>
          import('./features/integrations/integrations-page.component').then((m) => m.IntegrationsPageComponent),
      },
      {
        path: 'integrations/new',
        title: 'Connect HaloPSA',
        loadComponent: () =>
          import('./features/integrations/integration-wizard-page.component').then((m) => m.IntegrationWizardPageComponent),
      },
      {
        path: 'integrations/:id',
        title: 'Halo link',
        loadComponent: () =>
          import('./features/integrations/integration-page.component').then((m) => m.IntegrationPageComponent),
      },
      {
        path: 'tenants',
        title: 'Tenants',
        loadComponent: () => import('./features/tenants/tenants-page.component').then((m) => m.TenantsPageComponent),
      },
      {
        path: 'computers',
        title: 'Computers',
        loadComponent: () => import('./features/computers/computers-page.component').then((m) => m.ComputersPageComponent),
      },
      {
        path: 'computers/:id',
        title: 'Computer',
        loadComponent: () => import('./features/computers/computer-page.component').then((m) => m.ComputerPageComponent),
      },
      {
        path: 'software',
        title: 'Software',
        loadComponent: () => import('./features/software/software-page.component').then((m) => m.SoftwarePageComponent),
      },
      {
        path: 'software/new',
        title: 'Add software',
        loadComponent: () => import('./features/software/software-new-page.component').then((m) => m.SoftwareNewPageComponent),
      },
      {
        path: 'software/:id',
        title: 'Software',
        loadComponent: () =>
          import('./features/software/software-detail-page.component').then((m) => m.SoftwareDetailPageComponent),
      },
      {
        path: 'deployments',
        title: 'Deployments',
        loadComponent: () =>
          import('./features/deployments/deployments-page.component').then((m) => m.DeploymentsPageComponent),
      },
      {
        path: 'deployments/new',
        title: 'New deployment',
        loadComponent: () =>
          import('./features/deployments/deployment-editor-page.component').then((m) => m.DeploymentEditorPageComponent),
      },
      {
        path: 'deployments/:id',
        title: 'Deployment',
        loadComponent: () =>
          import('./features/deployments/deployment-editor-page.component').then((m) => m.DeploymentEditorPageComponent),
      },
      {
        path: 'sessions',
        title: 'Sessions',
        loadComponent: () => import('./features/sessions/sessions-page.component').then((m) => m.SessionsPageComponent),
      },
      {
        path: 'sessions/:id',
        title: 'Session',
        loadComponent: () => import('./features/sessions/session-page.component').then((m) => m.SessionPageComponent),
      },
      {
        path: 'audit',
        title: 'Audit',
        loadComponent: () => import('./features/audit/audit-page.component').then((m) => m.AuditPageComponent),
      },
      {
        path: '**',
        title: 'Not found',
        loadComponent: () =>
          import('./features/not-found/not-found-page.component').then((m) => m.NotFoundPageComponent),
      },
    ],
  },
];
